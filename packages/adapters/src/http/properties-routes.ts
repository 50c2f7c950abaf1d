import { OpenAPIHono, z } from '@hono/zod-openapi';
import { IdParam, defined, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import {
  BooleanQuery,
  EnabledSchema,
  SearchText,
  listFilters,
  pageSchema,
  pageView,
  pagingQuery,
} from './list-query.js';
import {
  LoginAccountSchema,
  NewPropertySchema,
  PropertyPatchSchema,
  PropertySchema,
  loginView,
  propertyView,
} from './org-views.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { tenantRoute } from './security/route.js';

const Params = z.object({ propertyId: IdParam });
const ListQuery = z.object({
  providerId: IdParam.optional(),
  name: SearchText.optional(),
  phone: SearchText.optional(),
  enabled: BooleanQuery.optional(),
  ...pagingQuery(['name', 'createdAt']),
});
const CreatedSchema = z
  .object({ property: PropertySchema, login: LoginAccountSchema })
  .openapi('PropertyCreated');

/**
 * Properties (ORG-3): creating one (the tenant level or its provider, under an approved, enabled
 * provider) creates its login account and first-level department in one transaction; enable /
 * disable is a gate on new stations, users, roles, departments and posts (ORG-8).
 */
export function propertiesRoutes(access: AccessRuntime, forget: (tenantId: string) => void) {
  const create = tenantRoute(access, 'property:create', {
    method: 'post',
    path: '/properties',
    tags: ['organisation'],
    summary: 'Add a property with its login account and first-level department (ORG-3)',
    request: { body: { ...jsonBody(NewPropertySchema, 'the property'), required: true } },
    responses: { 201: jsonBody(CreatedSchema, 'created'), ...errorResponses(400, 404, 409, 422) },
  });
  const list = tenantRoute(access, 'property:list', {
    method: 'get',
    path: '/properties',
    tags: ['organisation'],
    summary: 'Search properties in your scope (ORG-3)',
    request: { query: ListQuery },
    responses: {
      200: jsonBody(pageSchema(PropertySchema, 'PropertyPage'), 'one page'),
      ...errorResponses(400),
    },
  });
  const update = tenantRoute(access, 'property:update', {
    method: 'patch',
    path: '/properties/{propertyId}',
    tags: ['organisation'],
    summary: 'Edit a property (ORG-3; the phone is immutable)',
    request: { params: Params, body: { ...jsonBody(PropertyPatchSchema, 'the changes'), required: true } },
    responses: { 200: jsonBody(PropertySchema, 'updated'), ...errorResponses(400, 404, 422) },
  });
  const toggle = tenantRoute(access, 'property:toggle', {
    method: 'put',
    path: '/properties/{propertyId}/enabled',
    tags: ['organisation'],
    summary: 'Enable or disable a property: a gate on new children, never a cascade (ORG-3, ORG-8)',
    request: { params: Params, body: { ...jsonBody(EnabledSchema, 'the flag'), required: true } },
    responses: { 200: jsonBody(PropertySchema, 'updated'), ...errorResponses(400, 404) },
  });

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => {
      const tenant = tenantOf(c);
      const { property, login } = await tenant.properties.create(c.req.valid('json'));
      forget(tenant.tenantId);
      return c.json({ property: propertyView(property), login: loginView(login) }, 201);
    })
    .openapi(list, async (c) => {
      const page = await tenantOf(c).properties.list(listFilters(c.req.valid('query'), ['enabled']));
      return c.json(pageView(page, propertyView), 200);
    })
    .openapi(update, async (c) => {
      const patch = defined(c.req.valid('json'));
      return c.json(
        propertyView(await tenantOf(c).properties.update(c.req.valid('param').propertyId, patch)),
        200,
      );
    })
    .openapi(toggle, async (c) => {
      const { propertyId } = c.req.valid('param');
      return c.json(
        propertyView(await tenantOf(c).properties.setEnabled(propertyId, c.req.valid('json').enabled)),
        200,
      );
    });
}

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
  NewProviderSchema,
  ProviderPatchSchema,
  ProviderSchema,
  loginView,
  providerView,
} from './org-views.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { tenantRoute } from './security/route.js';

const Params = z.object({ providerId: IdParam });
const ListQuery = z.object({
  name: SearchText.optional(),
  phone: SearchText.optional(),
  merchantType: z.string().min(1).max(32).optional(),
  enabled: BooleanQuery.optional(),
  auditStatus: z.enum(['PENDING', 'APPROVED', 'REJECTED']).optional(),
  ...pagingQuery(['name', 'createdAt']),
});
const AuditSchema = z.object({ decision: z.enum(['APPROVE', 'REJECT']) }).openapi('ProviderAudit');
const AuditedSchema = z
  .object({ provider: ProviderSchema, login: LoginAccountSchema.nullable() })
  .openapi('ProviderAudited');

/**
 * Service providers (ORG-2): added PENDING by the tenant level; audit APPROVE creates the login
 * account and the first-level department in one transaction (REJECT neither); enable/disable is a
 * gate on new children (ORG-8). `forget` drops cached principals (a new login account).
 */
export function providersRoutes(access: AccessRuntime, forget: (tenantId: string) => void) {
  const create = tenantRoute(access, 'provider:create', {
    method: 'post',
    path: '/providers',
    tags: ['organisation'],
    summary: 'Add a service provider, PENDING until audited (ORG-2; the tenant level only)',
    request: { body: { ...jsonBody(NewProviderSchema, 'the provider'), required: true } },
    responses: { 201: jsonBody(ProviderSchema, 'created'), ...errorResponses(400, 409, 422) },
  });
  const list = tenantRoute(access, 'provider:list', {
    method: 'get',
    path: '/providers',
    tags: ['organisation'],
    summary: 'Search providers in your scope (ORG-2)',
    request: { query: ListQuery },
    responses: {
      200: jsonBody(pageSchema(ProviderSchema, 'ProviderPage'), 'one page'),
      ...errorResponses(400),
    },
  });
  const get = tenantRoute(access, 'provider:list', {
    method: 'get',
    path: '/providers/{providerId}',
    tags: ['organisation'],
    summary: 'One provider in your scope',
    request: { params: Params },
    responses: { 200: jsonBody(ProviderSchema, 'the provider'), ...errorResponses(404) },
  });
  const update = tenantRoute(access, 'provider:update', {
    method: 'patch',
    path: '/providers/{providerId}',
    tags: ['organisation'],
    summary: 'Edit name, contact, e-mail (ORG-2; the phone is immutable)',
    request: { params: Params, body: { ...jsonBody(ProviderPatchSchema, 'the changes'), required: true } },
    responses: { 200: jsonBody(ProviderSchema, 'updated'), ...errorResponses(400, 404, 422) },
  });
  const audit = tenantRoute(access, 'provider:audit', {
    method: 'post',
    path: '/providers/{providerId}/audit',
    tags: ['organisation'],
    summary: 'Approve (login account + first-level department, one transaction) or reject (ORG-2)',
    request: { params: Params, body: { ...jsonBody(AuditSchema, 'the decision'), required: true } },
    responses: { 200: jsonBody(AuditedSchema, 'audited'), ...errorResponses(400, 404, 409, 422) },
  });
  const toggle = tenantRoute(access, 'provider:toggle', {
    method: 'put',
    path: '/providers/{providerId}/enabled',
    tags: ['organisation'],
    summary: 'Enable or disable a provider: a gate on new children, never a cascade (ORG-2, ORG-8)',
    request: { params: Params, body: { ...jsonBody(EnabledSchema, 'the flag'), required: true } },
    responses: { 200: jsonBody(ProviderSchema, 'updated'), ...errorResponses(400, 404, 422) },
  });

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) =>
      c.json(providerView(await tenantOf(c).providers.create(c.req.valid('json'))), 201),
    )
    .openapi(list, async (c) => {
      const page = await tenantOf(c).providers.list(listFilters(c.req.valid('query'), ['enabled']));
      return c.json(pageView(page, providerView), 200);
    })
    .openapi(get, async (c) =>
      c.json(providerView(await tenantOf(c).providers.get(c.req.valid('param').providerId)), 200),
    )
    .openapi(update, async (c) => {
      const patch = defined(c.req.valid('json'));
      return c.json(
        providerView(await tenantOf(c).providers.update(c.req.valid('param').providerId, patch)),
        200,
      );
    })
    .openapi(audit, async (c) => {
      const tenant = tenantOf(c);
      const done = await tenant.providers.audit(
        c.req.valid('param').providerId,
        c.req.valid('json').decision,
      );
      forget(tenant.tenantId);
      return c.json(
        { provider: providerView(done.provider), login: done.login === null ? null : loginView(done.login) },
        200,
      );
    })
    .openapi(toggle, async (c) => {
      const { providerId } = c.req.valid('param');
      return c.json(
        providerView(await tenantOf(c).providers.setEnabled(providerId, c.req.valid('json').enabled)),
        200,
      );
    });
}

import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { PropertyRecord, ProviderRecord } from '../persistence/repositories/asset-records.js';
import { IdParam, NameSchema, errorResponses, iso, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const ProviderSchema = z
  .object({ id: z.string(), name: z.string(), enabled: z.boolean(), createdAt: z.string() })
  .openapi('Provider');
const PropertySchema = z
  .object({
    id: z.string(),
    providerId: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Property');

const providerView = (p: ProviderRecord) => ({ ...p, createdAt: iso(p.createdAt) });
const propertyView = (p: PropertyRecord) => ({ ...p, createdAt: iso(p.createdAt) });

/**
 * The organisation a tenant's stations hang from (ORG-1…3): providers and their properties, in the
 * caller's scope. (Audit, login accounts and departments of providers and properties come with
 * the organisation-management work; see docs/domain/access.md.)
 */
export function organisationRoutes(access: AccessRuntime) {
  const createProvider = securedRoute(
    access,
    { permission: 'provider:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/providers',
      tags: ['organisation'],
      summary: 'Add a service provider (ORG-2; the tenant level only)',
      request: {
        body: {
          ...jsonBody(z.object({ name: NameSchema }).openapi('NewProvider'), 'the provider'),
          required: true,
        },
      },
      responses: { 201: jsonBody(ProviderSchema, 'created'), ...errorResponses(422) },
    },
  );
  const listProviders = securedRoute(
    access,
    { permission: 'provider:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/providers',
      tags: ['organisation'],
      summary: 'Providers in your scope',
      responses: { 200: jsonBody(z.object({ items: z.array(ProviderSchema) }), 'providers') },
    },
  );
  const createProperty = securedRoute(
    access,
    { permission: 'property:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/properties',
      tags: ['organisation'],
      summary: 'Add a property under a provider in your scope (ORG-3)',
      request: {
        body: {
          ...jsonBody(
            z.object({ providerId: IdParam, name: NameSchema }).openapi('NewProperty'),
            'the property',
          ),
          required: true,
        },
      },
      responses: { 201: jsonBody(PropertySchema, 'created'), ...errorResponses(404, 409, 422) },
    },
  );
  const listProperties = securedRoute(
    access,
    { permission: 'property:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/properties',
      tags: ['organisation'],
      summary: 'Properties in your scope',
      responses: { 200: jsonBody(z.object({ items: z.array(PropertySchema) }), 'properties') },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(createProvider, async (c) =>
      c.json(providerView(await tenantOf(c).assets.createProvider(c.req.valid('json'))), 201),
    )
    .openapi(listProviders, async (c) =>
      c.json({ items: (await tenantOf(c).assets.listProviders()).map(providerView) }, 200),
    )
    .openapi(createProperty, async (c) =>
      c.json(propertyView(await tenantOf(c).assets.createProperty(c.req.valid('json'))), 201),
    )
    .openapi(listProperties, async (c) =>
      c.json({ items: (await tenantOf(c).assets.listProperties()).map(propertyView) }, 200),
    );
}

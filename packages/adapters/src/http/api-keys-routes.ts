import {
  DomainError,
  grantablePermissions,
  isPermission,
  orgScopeOf,
  unwrap,
  type OrgScope,
} from '@chargeflow/core';
import type { Caller } from '../access/caller.js';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiKeyRecord, ApiKeys } from '../auth/ports.js';
import { NameSchema, errorResponses, iso, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { callerOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    permissions: z.array(z.string()),
    createdBy: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

const view = (k: ApiKeyRecord): z.infer<typeof ApiKeySchema> => ({
  id: k.id,
  name: k.name,
  permissions: [...k.permissions],
  createdBy: k.createdBy,
  createdAt: iso(k.createdAt),
  revokedAt: k.revokedAt === null ? null : iso(k.revokedAt),
  lastUsedAt: k.lastUsedAt === null ? null : iso(k.lastUsedAt),
});

/**
 * Machine clients of a tenant (issue 10): API keys with a subset of their creator's permissions
 * (a key never escalates), stored hashed, revocable. The key text is shown once, at creation.
 */
export function apiKeysRoutes(access: AccessRuntime, keys: ApiKeys, forget: (tenantId: string) => void) {
  const create = securedRoute(
    access,
    { permission: 'api-key:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/api-keys',
      tags: ['organisation'],
      summary: 'Create an API key (X-API-Key) with some of your permissions; the key is shown only now',
      request: {
        body: {
          ...jsonBody(
            z
              .object({ name: NameSchema, permissions: z.array(z.string().min(1).max(64)).min(1).max(200) })
              .openapi('NewApiKey'),
            'the key',
          ),
          required: true,
        },
      },
      responses: {
        201: jsonBody(
          ApiKeySchema.extend({ key: z.string() }).openapi('CreatedApiKey'),
          'created: keep `key`, it is not shown again',
        ),
        ...errorResponses(422),
      },
    },
  );
  const list = securedRoute(
    access,
    { permission: 'api-key:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/api-keys',
      tags: ['organisation'],
      summary: 'The tenant’s API keys (never the keys themselves)',
      responses: { 200: jsonBody(z.object({ items: z.array(ApiKeySchema) }), 'keys') },
    },
  );
  const revoke = securedRoute(
    access,
    { permission: 'api-key:revoke', plane: 'tenant' },
    {
      method: 'delete',
      path: '/api-keys/{keyId}',
      tags: ['organisation'],
      summary: 'Revoke an API key',
      request: { params: z.object({ keyId: z.string().min(1).max(64) }) },
      responses: { 200: jsonBody(ApiKeySchema, 'revoked'), ...errorResponses(404) },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => {
      const caller = callerOf(c);
      if (caller.kind === 'APP') throw new Error('app users never reach a tenant-plane route');
      const { name, permissions } = c.req.valid('json');
      const unknown = permissions.filter((p) => !isPermission(p));
      if (unknown.length > 0) {
        throw new DomainError('PERMISSION_UNKNOWN', `unknown permissions ${unknown.join(', ')}`, { unknown });
      }
      const granted = unwrap(grantablePermissions(caller.principal, permissions.filter(isPermission)));
      // ORG-1: the key's scope is its creator's: the same place and the same bound stations.
      const { record, key } = await keys.create({
        tenantId: caller.tenantId,
        name,
        permissions: granted,
        place: caller.principal.place,
        stationIds: caller.principal.stationIds,
        createdBy: `${caller.kind}:${caller.id}`,
      });
      return c.json({ ...view(record), key }, 201);
    })
    .openapi(list, async (c) => {
      const caller = callerOf(c);
      return c.json({ items: (await keys.list(caller.tenantId, orgScopeOfCaller(caller))).map(view) }, 200);
    })
    .openapi(revoke, async (c) => {
      const caller = callerOf(c);
      const revoked = await keys.revoke(
        caller.tenantId,
        c.req.valid('param').keyId,
        orgScopeOfCaller(caller),
      );
      forget(caller.tenantId);
      return c.json(view(revoked), 200);
    });
}

/** ORG-1: the organisational scope keys are listed and revoked in (app users never get here). */
function orgScopeOfCaller(caller: Caller): OrgScope {
  if (caller.kind === 'APP') throw new Error('app users never reach a tenant-plane route');
  return orgScopeOf(caller.principal);
}

import {
  DomainError,
  PLATFORM_ROLES,
  loginPhoneSchema,
  type PasswordHasher,
  type PlatformRole,
} from '@chargeflow/core';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { createTenantAdministrator } from '../access/tenant-admin.js';
import type { AuditLog } from '../persistence/repositories/audit-log.js';
import type { PlatformUsers, SmsOutbox } from '../auth/ports.js';
import type { TenantCatalog, TenantDatabases, TenantRecord } from '../tenancy/ports.js';
import { errorResponses, iso, jsonBody } from './asset-views.js';
import { AuditPageSchema, AuditQuery, auditPageView } from './audit-views.js';
import { ErrorSchema, validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { principalOfPlatform, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';
import { StaffUserSchema, staffUserView } from './staff-views.js';

/** What the control plane's routes work on. */
export interface PlatformServices {
  readonly catalog: TenantCatalog;
  readonly tenants: TenantDatabases;
  readonly users: PlatformUsers;
  readonly audit: AuditLog;
  /** The sandbox SMS sender's outbox, when the sandbox is the configured SMS provider; else null. */
  readonly smsOutbox: SmsOutbox | null;
  readonly hasher: PasswordHasher;
  readonly clock: () => number;
}

const TenantParams = z.object({ tenantId: z.string().min(1).max(32) });

const DatasourceSchema = z
  .object({
    kind: z.enum(['MYSQL', 'SQLITE']),
    host: z.string(),
    port: z.number().int(),
    datasourceName: z.string(),
    databaseName: z.string(),
    account: z.string(),
    maxConnections: z.number().int(),
    minConnections: z.number().int(),
    remarks: z.string().nullable(),
    implementationState: z.enum(['NOT_IMPLEMENTED', 'IMPLEMENTING', 'ONLINE']),
    provisioning: z.enum(['PROVISIONING', 'READY', 'FAILED']),
    configuredAt: z.string(),
  })
  .openapi('Datasource');

const TenantSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    state: z.enum(['OPEN', 'CLOSED']),
    createdAt: z.string(),
    datasource: DatasourceSchema.nullable(),
  })
  .openapi('Tenant');

const tenantView = (t: TenantRecord): z.infer<typeof TenantSchema> => ({
  ...t,
  createdAt: iso(t.createdAt),
  datasource:
    t.datasource === null ? null : { ...t.datasource, configuredAt: iso(t.datasource.configuredAt) },
});

/** TEN-5 input (the password is stored encrypted and never shown). */
const DatasourceInputSchema = z
  .object({
    address: z
      .string()
      .max(261)
      .openapi({ example: '127.0.0.1:3306', description: 'host:port of the MariaDB/MySQL server' }),
    type: z.literal('MYSQL').optional(),
    account: z.string().trim().min(1).max(32).openapi({ description: 'never root' }),
    password: z
      .string()
      .min(1)
      .max(128)
      .openapi({ description: '≥ 8 characters with an upper-case letter, a digit and a special character' }),
    maxConnections: z.number().int().min(1).max(1000),
    minConnections: z.number().int().min(1).max(1000),
    remarks: z.string().max(255).optional(),
  })
  .openapi('DatasourceInput');

const PlatformUserSchema = z
  .object({
    id: z.string(),
    phone: z.string(),
    name: z.string(),
    roles: z.array(z.enum(PLATFORM_ROLES as [PlatformRole, ...PlatformRole[]])),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('PlatformUser');

const NewUserSchema = z
  .object({
    phone: loginPhoneSchema,
    name: z.string().trim().min(1).max(128),
    password: z.string().min(1).max(256),
  })
  .openapi('NewTenantAdministrator');

/** The control plane (TEN-5 … TEN-7): tenants, their datasources and administrators, platform operators. */
export function platformRoutes(access: AccessRuntime, platform: PlatformServices) {
  const rule = (permission: Parameters<typeof securedRoute>[1]['permission']) =>
    ({ permission, plane: 'platform' }) as const;
  const createTenant = securedRoute(access, rule('tenant:create'), {
    method: 'post',
    path: '/platform/tenants',
    tags: ['platform'],
    summary: 'Add a tenant (its database comes with its datasource)',
    request: {
      body: {
        ...jsonBody(
          z
            .object({
              id: z.string().max(32).openapi({ example: 'acme' }),
              name: z.string().trim().min(1).max(128),
            })
            .openapi('NewTenant'),
          'the tenant',
        ),
        required: true,
      },
    },
    responses: { 201: jsonBody(TenantSchema, 'created'), ...errorResponses(409, 422) },
  });
  const listTenants = securedRoute(access, rule('tenant:list'), {
    method: 'get',
    path: '/platform/tenants',
    tags: ['platform'],
    summary: 'Every tenant with its datasource (never its password)',
    responses: { 200: jsonBody(z.object({ items: z.array(TenantSchema) }), 'tenants') },
  });
  const getTenant = securedRoute(access, rule('tenant:list'), {
    method: 'get',
    path: '/platform/tenants/{tenantId}',
    tags: ['platform'],
    summary: 'One tenant',
    request: { params: TenantParams },
    responses: { 200: jsonBody(TenantSchema, 'the tenant'), ...errorResponses(404) },
  });
  const configure = securedRoute(access, rule('datasource:configure'), {
    method: 'put',
    path: '/platform/tenants/{tenantId}/datasource',
    tags: ['platform'],
    summary:
      'TEN-5: configure the tenant’s datasource: creates its database and account, migrates it (ops/dev only; immutable once configured)',
    request: {
      params: TenantParams,
      body: { ...jsonBody(DatasourceInputSchema, 'the datasource'), required: true },
    },
    responses: {
      201: jsonBody(TenantSchema, 'configured and provisioned'),
      ...errorResponses(404, 409, 422),
      502: jsonBody(
        ErrorSchema,
        'DATASOURCE_PROVISIONING_FAILED: the database server refused (nothing is left behind)',
      ),
    },
  });
  const advance = securedRoute(access, rule('datasource:implementation'), {
    method: 'post',
    path: '/platform/tenants/{tenantId}/datasource/implementation',
    tags: ['platform'],
    summary: 'TEN-6: advance the implementation state (NOT_IMPLEMENTED → IMPLEMENTING → ONLINE)',
    request: {
      params: TenantParams,
      body: {
        ...jsonBody(
          z.object({ state: z.enum(['IMPLEMENTING', 'ONLINE']) }).openapi('ImplementationStep'),
          'the next state',
        ),
        required: true,
      },
    },
    responses: { 200: jsonBody(TenantSchema, 'advanced'), ...errorResponses(404, 409, 422) },
  });
  const remove = securedRoute(access, rule('datasource:delete'), {
    method: 'delete',
    path: '/platform/tenants/{tenantId}/datasource',
    tags: ['platform'],
    summary: 'TEN-6: delete a NOT_IMPLEMENTED datasource (drops its database and account)',
    request: { params: TenantParams },
    responses: { 200: jsonBody(TenantSchema, 'deleted'), ...errorResponses(404, 409, 422) },
  });
  const administrator = securedRoute(access, rule('tenant:update'), {
    method: 'post',
    path: '/platform/tenants/{tenantId}/administrators',
    tags: ['platform'],
    summary: 'Create a tenant administrator (a back-office user with every permission of the tenant)',
    request: {
      params: TenantParams,
      body: { ...jsonBody(NewUserSchema, 'the administrator'), required: true },
    },
    responses: { 201: jsonBody(StaffUserSchema, 'created'), ...errorResponses(404, 409, 422) },
  });
  const listUsers = securedRoute(access, rule('platform-user:list'), {
    method: 'get',
    path: '/platform/users',
    tags: ['platform'],
    summary: 'Platform operators',
    responses: { 200: jsonBody(z.object({ items: z.array(PlatformUserSchema) }), 'operators') },
  });
  const createUser = securedRoute(access, rule('platform-user:create'), {
    method: 'post',
    path: '/platform/users',
    tags: ['platform'],
    summary: 'Add a platform operator with built-in roles (ADMIN, OPS, DEV)',
    request: {
      body: {
        ...jsonBody(
          NewUserSchema.extend({
            roles: z
              .array(z.enum(PLATFORM_ROLES as [PlatformRole, ...PlatformRole[]]))
              .min(1)
              .max(3),
          }).openapi('NewPlatformUser'),
          'the operator',
        ),
        required: true,
      },
    },
    responses: { 201: jsonBody(PlatformUserSchema, 'created'), ...errorResponses(409, 422) },
  });
  const audit = securedRoute(access, rule('audit:list'), {
    method: 'get',
    path: '/platform/audit-log',
    tags: ['platform'],
    summary: 'The control plane’s audit log (writes and sign-ins), newest first',
    request: { query: AuditQuery },
    responses: { 200: jsonBody(AuditPageSchema, 'one page') },
  });
  const sms = securedRoute(access, rule('tenant:list'), {
    method: 'get',
    path: '/platform/sandbox/sms',
    tags: ['platform'],
    summary:
      'Messages the sandbox SMS sender recorded, newest first (409 SMS_SANDBOX_DISABLED with a real provider)',
    request: { query: z.object({ phone: loginPhoneSchema.optional() }) },
    responses: {
      200: jsonBody(
        z.object({ items: z.array(z.object({ phone: z.string(), text: z.string(), at: z.string() })) }),
        'messages',
      ),
      ...errorResponses(409),
    },
  });

  const platformUserView = (u: Awaited<ReturnType<PlatformUsers['create']>>) => ({
    ...u,
    roles: [...u.roles],
    createdAt: iso(u.createdAt),
  });

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(createTenant, async (c) =>
      c.json(tenantView(await platform.catalog.createTenant(c.req.valid('json'))), 201),
    )
    .openapi(listTenants, async (c) =>
      c.json({ items: (await platform.catalog.listTenants()).map(tenantView) }, 200),
    )
    .openapi(getTenant, async (c) =>
      c.json(tenantView(await platform.catalog.getTenant(c.req.valid('param').tenantId)), 200),
    )
    .openapi(configure, async (c) => {
      const tenant = await platform.catalog.configureDatasource(
        c.req.valid('param').tenantId,
        c.req.valid('json'),
        principalOfPlatform(c),
      );
      return c.json(tenantView(tenant), 201);
    })
    .openapi(advance, async (c) => {
      const tenant = await platform.catalog.advanceImplementation(
        c.req.valid('param').tenantId,
        c.req.valid('json').state,
        principalOfPlatform(c),
      );
      return c.json(tenantView(tenant), 200);
    })
    .openapi(remove, async (c) => {
      const { tenantId } = c.req.valid('param');
      const tenant = await platform.catalog.deleteDatasource(tenantId, principalOfPlatform(c));
      return c.json(tenantView(tenant), 200);
    })
    .openapi(administrator, async (c) => {
      const user = await createTenantAdministrator(
        platform,
        c.req.valid('param').tenantId,
        c.req.valid('json'),
      );
      return c.json(staffUserView(user), 201);
    })
    .openapi(listUsers, async (c) =>
      c.json({ items: (await platform.users.list()).map(platformUserView) }, 200),
    )
    .openapi(createUser, async (c) =>
      c.json(platformUserView(await platform.users.create(c.req.valid('json'))), 201),
    )
    .openapi(audit, async (c) => c.json(auditPageView(await platform.audit.list(c.req.valid('query'))), 200))
    .openapi(sms, async (c) => {
      if (platform.smsOutbox === null) {
        throw new DomainError('SMS_SANDBOX_DISABLED', 'the SMS provider is not the sandbox', {});
      }
      const items = await platform.smsOutbox.list(c.req.valid('query').phone);
      return c.json({ items: items.map((m) => ({ ...m, at: iso(m.at) })) }, 200);
    });
}

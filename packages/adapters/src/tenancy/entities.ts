import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

// The control plane's tables in the PLATFORM database (DATABASE_URL), never in a tenant database
// (TEN-5, TEN-7). Instants are epoch ms in BIGINT columns. No foreign key leaves these tables: other
// capabilities (auth) share the platform database with their own migration lists.

/** 客户: a tenant of the platform; `id` is the tenant id slug (core checkTenantId). */
export const TenantEntity = defineEntity({
  name: 'Tenant',
  tableName: 'tenant',
  properties: {
    id: p.string().length(32).primary(),
    name: p.string().length(128),
    state: p.enum(['OPEN', 'CLOSED']),
    createdAt: p.bigint('number'),
  },
});
/** A tenant row. */
export type TenantRow = InferEntity<typeof TenantEntity>;

/**
 * 数据源 (TEN-5): where the tenant's own database lives and the account that reaches it. The
 * primary key is the tenant id, so at most one configure call of a tenant can insert it. A row is
 * PROVISIONING while a call owns its lease (`lease_owner`, `lease_until`), READY once the database
 * exists and is migrated, FAILED when a failure could not be fully undone (`last_error` says why).
 * `provisioning_id` is written once and marks the database this row created (see docs/tenancy.md).
 */
export const TenantDatasourceEntity = defineEntity({
  name: 'TenantDatasource',
  tableName: 'tenant_datasource',
  properties: {
    tenantId: p.string().length(32).primary(),
    kind: p.enum(['MYSQL', 'SQLITE']),
    host: p.string().length(255),
    port: p.integer(),
    datasourceName: p.string().length(64),
    databaseName: p.string().length(64),
    account: p.string().length(80),
    /** The password sealed by SecretBox (AES-256-GCM, bound to the tenant id); never shown. */
    passwordEnc: p.string().length(512),
    maxConnections: p.integer(),
    minConnections: p.integer(),
    remarks: p.text().nullable(),
    implementationState: p.enum(['NOT_IMPLEMENTED', 'IMPLEMENTING', 'ONLINE']),
    provisioningState: p.enum(['PROVISIONING', 'READY', 'FAILED']),
    provisioningId: p.string().length(32),
    leaseOwner: p.string().length(32).nullable(),
    leaseUntil: p.bigint('number').default(0),
    lastError: p.string().length(1000).nullable(),
    createdAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
  },
  uniques: [{ name: 'tenant_datasource_account_unique', properties: ['host', 'port', 'account'] }],
});
/** A datasource row. */
export type TenantDatasourceRow = InferEntity<typeof TenantDatasourceEntity>;

/** The device registry: a serial (出厂标识) belongs to one tenant platform-wide (primary key). */
export const DeviceRegistrationEntity = defineEntity({
  name: 'DeviceRegistration',
  tableName: 'device_registry',
  properties: {
    serialNo: p.string().length(64).primary(),
    tenantId: p.string().length(32).index('device_registry_tenant_idx'),
    registeredAt: p.bigint('number'),
  },
});
/** A device registry row. */
export type DeviceRegistrationRow = InferEntity<typeof DeviceRegistrationEntity>;

/** Every entity of the tenancy part of the platform database (add them to the platform ORM's list). */
export const TENANCY_ENTITIES = [TenantEntity, TenantDatasourceEntity, DeviceRegistrationEntity] as const;

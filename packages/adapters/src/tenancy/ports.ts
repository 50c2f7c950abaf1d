// The control plane's view of tenants (TEN-5 … TEN-7): the catalogue of tenants and their
// datasources in the platform database, each tenant's own database, and the device registry.
// Implementations live beside this file; the HTTP layer, the worker and the local stack use only these shapes.
import type { ImplementationState, Principal } from '@chargeflow/core';
import type { EntityManager, MikroORM } from '@mikro-orm/core';

/** A tenant's own business database, opened for it alone (TEN-7): nothing here reaches another tenant. */
export interface TenantDatabase {
  readonly tenantId: string;
  readonly orm: MikroORM;
  /** The root EntityManager of the tenant's ORM; repositories fork it per call. */
  readonly em: EntityManager;
}

/**
 * Resolves a tenant to its database. Pools open lazily on first use (sized by the datasource's
 * min/max connections) and close after an idle time, so hundreds of configured tenants fit in one
 * process. Errors: TENANT_NOT_FOUND (no such tenant), TENANT_DATABASE_NOT_READY (no datasource yet,
 * or its provisioning did not finish).
 */
export interface TenantDatabases {
  get(tenantId: string): Promise<TenantDatabase>;
  /** Closes the tenant's pool now (it reopens on the next `get`). */
  evict(tenantId: string): Promise<void>;
  closeAll(): Promise<void>;
  /** Open pools right now (for metrics and the memory benchmark). */
  openCount(): number;
}

/** Where a tenant database lives: a MariaDB/MySQL server (TEN-5), or a file of the local stack. */
export type DatasourceKind = 'MYSQL' | 'SQLITE';

/** Provisioning of the database and its account on the server (never half-done: see TenantCatalog). */
export type ProvisioningState = 'PROVISIONING' | 'READY' | 'FAILED';

/** A datasource as viewers see it (TEN-5): everything but the password. */
export interface DatasourceView {
  readonly kind: DatasourceKind;
  readonly host: string;
  readonly port: number;
  readonly datasourceName: string;
  readonly databaseName: string;
  readonly account: string;
  readonly maxConnections: number;
  readonly minConnections: number;
  readonly remarks: string | null;
  readonly implementationState: ImplementationState;
  readonly provisioning: ProvisioningState;
  readonly configuredAt: number;
}

/** A tenant (客户) of the platform. */
export interface TenantRecord {
  readonly id: string;
  readonly name: string;
  readonly state: 'OPEN' | 'CLOSED';
  readonly createdAt: number;
  readonly datasource: DatasourceView | null;
}

/** The catalogue of tenants and datasources in the platform database. */
export interface TenantCatalog {
  /** TENANT_ID_INVALID (core checkTenantId), TENANT_EXISTS. */
  createTenant(input: { readonly id: string; readonly name: string }): Promise<TenantRecord>;
  /** TENANT_NOT_FOUND. */
  getTenant(id: string): Promise<TenantRecord>;
  listTenants(): Promise<readonly TenantRecord[]>;
  /**
   * TEN-5: validates the input with core's configureDatasource (never root, strong password,
   * 0 < min ≤ max; DATASOURCE_IMMUTABLE once configured) after core's authorizeDatasourceChange
   * (ops/dev only), then creates the tenant's database and its own account (grants on that database
   * only) on the server the datasource names, runs the tenant migrations there and marks it READY.
   * A failure leaves no database, account or datasource row behind (DATASOURCE_PROVISIONING_FAILED,
   * with the server's reason), or, if the process died half-way, a PROVISIONING row that a repeated
   * call resumes idempotently.
   */
  configureDatasource(tenantId: string, input: unknown, by: Principal): Promise<TenantRecord>;
  /** TEN-6: NOT_IMPLEMENTED → IMPLEMENTING → ONLINE (ops/dev only). */
  advanceImplementation(tenantId: string, to: ImplementationState, by: Principal): Promise<TenantRecord>;
  /** TEN-6: only NOT_IMPLEMENTED; drops the database and its account too (ops/dev only). */
  deleteDatasource(tenantId: string, by: Principal): Promise<TenantRecord>;
}

/**
 * The device registry (serial → tenant) in the platform database: a serial is unique platform-wide.
 * The device path has no tenant on the wire and resolves it here.
 */
export interface DeviceRegistry {
  /** Registers a serial for a tenant; idempotent for the same tenant; DEVICE_SERIAL_TAKEN for another. */
  register(serialNo: string, tenantId: string): Promise<void>;
  /** Releases a serial of this tenant (no-op when it is not registered to it). */
  release(serialNo: string, tenantId: string): Promise<void>;
  /** The tenant of a serial, or null when no tenant registered it (the event is dead-lettered UNKNOWN_DEVICE). */
  tenantOf(serialNo: string): Promise<string | null>;
}

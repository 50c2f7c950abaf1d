import type { DatasourceConfig } from '@chargeflow/core';
import type { TenantDatasourceRow, TenantRow } from './entities.js';
import type { DatasourceView, TenantRecord } from './ports.js';
import type { TenantDatabaseSpec } from './provisioner.js';
import type { SecretBox } from './secrets.js';

// Plain records from the tenancy rows (no ORM entity leaves this folder), shared by the catalogue
// and the tenant databases.

/** The SecretBox context of a datasource password: a sealed password opens only in its own tenant's row. */
export const passwordContext = (tenantId: string): string => `tenant_datasource:${tenantId}`;

/** What viewers see of a datasource (TEN-5): everything but the password. */
export const toDatasourceView = (row: TenantDatasourceRow): DatasourceView => ({
  kind: row.kind,
  host: row.host,
  port: row.port,
  datasourceName: row.datasourceName,
  databaseName: row.databaseName,
  account: row.account,
  maxConnections: row.maxConnections,
  minConnections: row.minConnections,
  remarks: row.remarks ?? null,
  implementationState: row.implementationState,
  provisioning: row.provisioningState,
  configuredAt: row.createdAt,
});

/** A tenant with its datasource view. */
export const toTenantRecord = (tenant: TenantRow, datasource: TenantDatasourceRow | null): TenantRecord => ({
  id: tenant.id,
  name: tenant.name,
  state: tenant.state,
  createdAt: tenant.createdAt,
  datasource: datasource ? toDatasourceView(datasource) : null,
});

/**
 * The row as core's DatasourceConfig, for core's rules (TEN-5, TEN-6). Those rules never read the
 * password, so it stays sealed: `password` is empty here.
 */
export const toCoreConfig = (row: TenantDatasourceRow): DatasourceConfig => ({
  tenantId: row.tenantId,
  host: row.host,
  port: row.port,
  type: 'MYSQL',
  datasourceName: row.datasourceName,
  databaseName: row.databaseName,
  account: row.account,
  password: '',
  maxConnections: row.maxConnections,
  minConnections: row.minConnections,
  ...(row.remarks === null || row.remarks === undefined ? {} : { remarks: row.remarks }),
  implementationState: row.implementationState,
});

/** What a provisioner needs, with the password opened for this call. */
export const toSpec = (row: TenantDatasourceRow, secrets: SecretBox): TenantDatabaseSpec => ({
  tenantId: row.tenantId,
  provisioningId: row.provisioningId,
  host: row.host,
  port: row.port,
  databaseName: row.databaseName,
  account: row.account,
  password: secrets.open(row.passwordEnc, passwordContext(row.tenantId)),
  maxConnections: row.maxConnections,
  minConnections: row.minConnections,
});

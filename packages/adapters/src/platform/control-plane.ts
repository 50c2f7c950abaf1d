import { dirname, join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { ConfigError } from '../config/endpoints.js';
import { isSqliteUrl } from '../persistence/orm.js';
import { ADMIN_URLS_VARIABLE, parseTenantDbAdminUrls } from '../tenancy/admin-servers.js';
import { MariaDbProvisioner } from '../tenancy/mariadb-provisioner.js';
import type { TenantProvisioner } from '../tenancy/provisioner.js';
import { secretBoxFromEnv, type SecretBox } from '../tenancy/secrets.js';
import { SqliteProvisioner } from '../tenancy/sqlite-provisioner.js';
import { openPlatformDatabase } from './database.js';

/** How a process reaches the control plane (the same for apps/api, apps/worker and the local stack). */
export interface ControlPlaneSettings {
  /** DATABASE_URL: the platform database (mysql://… or file:… for the local stack). */
  readonly databaseUrl: string;
  /** CHARGEFLOW_SECRET_KEY: 32 bytes (hex or base64) sealing the datasource passwords. */
  readonly secretKey: string | undefined;
  /**
   * TENANT_DB_ADMIN_URLS: the admin accounts of the MariaDB/MySQL servers that host tenant databases
   * (comma-separated mysql:// URLs). Default: DATABASE_URL's server and account.
   */
  readonly adminUrls?: string | undefined;
  /** TENANT_DB_DIR: where the local stack's tenant files live; default `tenants/` beside the platform file. */
  readonly tenantDir?: string | undefined;
  /** Apply the platform database's pending migrations (MIGRATE_ON_START, default true). */
  readonly migrate?: boolean;
}

/** The open control plane: the platform database, the tenant provisioner and the secret box. */
export interface ControlPlane {
  readonly orm: MikroORM;
  readonly provisioner: TenantProvisioner;
  readonly secrets: SecretBox;
  /** Platform migrations applied by this open. */
  readonly applied: readonly string[];
  /** "mariadb" or "sqlite": where tenants get their databases. */
  readonly kind: 'mariadb' | 'sqlite';
}

/** DATABASE_URL's server with its account and no database: the default admin URL. */
function defaultAdminUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  url.pathname = '';
  return url.toString().replace(/\/$/, '');
}

/**
 * Validates the settings (ConfigError naming the variable), then opens the platform database,
 * applies its migrations and picks the provisioner: MariaDB servers from TENANT_DB_ADMIN_URLS for a
 * mysql:// platform, one SQLite file per tenant beside a file: platform.
 */
export async function openControlPlane(settings: ControlPlaneSettings): Promise<ControlPlane> {
  const secrets = secretBoxFromEnv(settings.secretKey);
  const sqlite = isSqliteUrl(settings.databaseUrl);
  if (!sqlite && !/^(mysql|mariadb):\/\//.test(settings.databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL',
      settings.databaseUrl,
      'expected mysql://user:password@host:port/database or file:path.db',
    );
  }
  let provisioner: TenantProvisioner;
  if (sqlite) {
    const file = settings.databaseUrl === ':memory:' ? undefined : settings.databaseUrl.slice('file:'.length);
    const dir = settings.tenantDir ?? (file === undefined ? undefined : join(dirname(file), 'tenants'));
    if (dir === undefined)
      throw new ConfigError('TENANT_DB_DIR', undefined, 'required with an in-memory platform database');
    provisioner = new SqliteProvisioner({ dir });
  } else {
    const adminUrls = settings.adminUrls ?? defaultAdminUrl(settings.databaseUrl);
    const servers = parseTenantDbAdminUrls(adminUrls);
    if (servers.size === 0) throw new ConfigError(ADMIN_URLS_VARIABLE, adminUrls, 'names no server');
    provisioner = new MariaDbProvisioner({ adminServers: servers });
  }
  const { orm, applied } = await openPlatformDatabase(settings.databaseUrl, {
    ...(settings.migrate === undefined ? {} : { migrate: settings.migrate }),
  });
  return { orm, provisioner, secrets, applied, kind: sqlite ? 'sqlite' : 'mariadb' };
}

import type { MikroORM } from '@mikro-orm/core';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { CHARGEFLOW_ENTITIES } from '../persistence/entities/index.js';
import { migrate } from '../persistence/migrate.js';
import { serverAddress, type AdminServer, type AdminServers } from './admin-servers.js';
import { TenancyError, serverCode, serverReason } from './errors.js';
import {
  checkSpecNames,
  databaseMarker,
  type TenantDatabaseSpec,
  type TenantPool,
  type TenantProvisioner,
} from './provisioner.js';

/** Options of the MariaDB/MySQL provisioner. */
export interface MariaDbProvisionerOptions {
  /** Admin accounts by host:port (parseTenantDbAdminUrls(TENANT_DB_ADMIN_URLS)). */
  readonly adminServers: AdminServers;
  /** Connect timeout of admin and tenant connections (default 10 s). */
  readonly connectTimeoutMs?: number;
}

/** Steps of a provisioning, named in error details. */
type Step = 'CONNECT' | 'DATABASE' | 'ACCOUNT' | 'GRANT' | 'MIGRATE' | 'DEPROVISION';

/** What this provisioning owns on the server (created now, or by an earlier call of the same spec). */
interface Owned {
  database: boolean;
  account: boolean;
}

const ER_DB_CREATE_EXISTS = 1007;
const ER_CANNOT_USER = 1396;

/**
 * The database part of a GRANT: `_` and `%` are wildcards there, so `cf_a_b` would also grant
 * `cf_a1b` (another tenant's database, TEN-7). Escaped, the grant names exactly one database.
 */
export const grantTarget = (databaseName: string): string =>
  `\`${databaseName.replace(/[_%]/g, (c) => `\\${c}`)}\`.*`;

/**
 * Provisions tenant databases on MariaDB (TEN-5, TEN-7) through the admin account of the server the
 * datasource names: CREATE DATABASE (its COMMENT is the marker of this provisioning), CREATE USER
 * '<account>'@'%', GRANT ALL PRIVILEGES on that database only, then the tenant migrations connected
 * as the tenant account. Values reach SQL only through mysql2's escaping (`?`), identifiers only
 * after checkSpecNames. Compensation drops what this provisioning owns, account first.
 */
export class MariaDbProvisioner implements TenantProvisioner {
  readonly kind = 'MYSQL' as const;
  private readonly connectTimeoutMs: number;

  constructor(private readonly options: MariaDbProvisionerOptions) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  check(spec: TenantDatabaseSpec): void {
    checkSpecNames(spec);
    this.serverOf(spec);
  }

  async provision(spec: TenantDatabaseSpec): Promise<void> {
    this.check(spec);
    const owned: Owned = { database: false, account: false };
    let step: Step = 'CONNECT';
    const admin = await this.connectAdmin(spec);
    try {
      step = 'DATABASE';
      const database = await this.ensureDatabase(admin, spec);
      owned.database = true;
      step = 'ACCOUNT';
      owned.account = await this.ensureAccount(admin, spec, database === 'ADOPTED');
      step = 'GRANT';
      await admin.query(`GRANT ALL PRIVILEGES ON ${grantTarget(spec.databaseName)} TO ?@'%'`, [spec.account]);
      step = 'MIGRATE';
      const orm = await this.open(spec, { min: 1, max: 1 });
      try {
        await migrate(orm);
      } finally {
        await orm.close(true);
      }
    } catch (error) {
      const compensated = await this.compensate(admin, spec, owned);
      throw this.failure(error, spec, step, compensated);
    } finally {
      await admin.end().catch(() => undefined);
    }
  }

  async deprovision(spec: TenantDatabaseSpec): Promise<void> {
    this.check(spec);
    const admin = await this.connectAdmin(spec, 'DATASOURCE_DEPROVISIONING_FAILED');
    // Whether anything was dropped yet: a failure before that leaves the datasource as it was.
    let touched = false;
    try {
      const hasOurDatabase = (await this.databaseComment(admin, spec)) === databaseMarker(spec);
      const account = await this.accountState(admin, spec, hasOurDatabase);
      touched = true;
      if (account === 'OURS') await this.dropAccount(admin, spec);
      else if (account === 'FOREIGN' && hasOurDatabase) await this.revokeGrant(admin, spec);
      if (hasOurDatabase) await admin.query(`DROP DATABASE IF EXISTS \`${spec.databaseName}\``);
    } catch (error) {
      throw new TenancyError('DATASOURCE_DEPROVISIONING_FAILED', 'the tenant database could not be dropped', {
        server: serverAddress(spec.host, spec.port),
        reason: serverReason(error, [spec.password, this.serverOf(spec).password]),
        ...codeOf(error),
        compensated: !touched,
      });
    } finally {
      await admin.end().catch(() => undefined);
    }
  }

  async open(spec: TenantDatabaseSpec, pool?: TenantPool): Promise<MikroORM> {
    checkSpecNames(spec);
    const { MikroORM: MySqlOrm } = await import('@mikro-orm/mysql');
    const orm = await MySqlOrm.init({
      entities: [...CHARGEFLOW_ENTITIES],
      discovery: { warnWhenNoEntities: false },
      debug: false,
      allowGlobalContext: false,
      // Never create the database from here: the tenant account has no right to, and must not try.
      ensureDatabase: false,
      host: spec.host,
      port: spec.port,
      user: spec.account,
      password: spec.password,
      dbName: spec.databaseName,
      pool: { min: pool?.min ?? spec.minConnections, max: pool?.max ?? spec.maxConnections },
      driverOptions: { connection: { connectTimeout: this.connectTimeoutMs } },
    });
    try {
      // MikroORM.init only logs a failed connection; prove it here so a bad datasource fails now.
      await orm.em.getConnection().execute('select 1');
    } catch (error) {
      await orm.close(true).catch(() => undefined);
      throw error;
    }
    return orm;
  }

  /** The admin account of the datasource's server, or DATASOURCE_SERVER_UNKNOWN. */
  private serverOf(spec: TenantDatabaseSpec): AdminServer {
    const address = serverAddress(spec.host, spec.port);
    const server = this.options.adminServers.get(address);
    if (!server) {
      throw new TenancyError('DATASOURCE_SERVER_UNKNOWN', `no admin URL is configured for ${address}`, {
        server: address,
        configured: [...this.options.adminServers.keys()],
        compensated: true,
      });
    }
    return server;
  }

  private async connectAdmin(
    spec: TenantDatabaseSpec,
    code:
      | 'DATASOURCE_PROVISIONING_FAILED'
      | 'DATASOURCE_DEPROVISIONING_FAILED' = 'DATASOURCE_PROVISIONING_FAILED',
  ): Promise<Connection> {
    const server = this.serverOf(spec);
    const { default: mysql } = await import('mysql2/promise');
    try {
      const admin = await mysql.createConnection({
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
        connectTimeout: this.connectTimeoutMs,
        multipleStatements: false,
      });
      // mysql2 escapes quotes with backslashes, which NO_BACKSLASH_ESCAPES would turn into literal text.
      await admin.query("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')");
      return admin;
    } catch (error) {
      throw new TenancyError(code, `the server ${server.address} refused the admin connection`, {
        server: server.address,
        step: 'CONNECT',
        reason: serverReason(error, [server.password, spec.password]),
        ...codeOf(error),
        compensated: true,
      });
    }
  }

  /** The COMMENT of the database, or undefined when it does not exist. */
  private async databaseComment(admin: Connection, spec: TenantDatabaseSpec): Promise<string | undefined> {
    const [rows] = await admin.query<RowDataPacket[]>(
      'SELECT SCHEMA_COMMENT AS comment FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [spec.databaseName],
    );
    const row = rows[0];
    return row === undefined ? undefined : String(row['comment'] ?? '');
  }

  /** Creates the database with this provisioning's marker, or adopts it when it carries that marker. */
  private async ensureDatabase(admin: Connection, spec: TenantDatabaseSpec): Promise<'CREATED' | 'ADOPTED'> {
    const marker = databaseMarker(spec);
    const comment = await this.databaseComment(admin, spec);
    if (comment === undefined) {
      try {
        await admin.query(
          `CREATE DATABASE \`${spec.databaseName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci COMMENT ?`,
          [marker],
        );
        return 'CREATED';
      } catch (error) {
        if ((error as { errno?: unknown }).errno !== ER_DB_CREATE_EXISTS) throw error;
        // Created by someone else between the look-up and the CREATE: decide by its marker below.
      }
    }
    if ((comment ?? (await this.databaseComment(admin, spec))) === marker) return 'ADOPTED';
    throw new TenancyError(
      'DATASOURCE_DATABASE_EXISTS',
      `database ${spec.databaseName} exists and was not created for this datasource`,
      {
        server: serverAddress(spec.host, spec.port),
        databaseName: spec.databaseName,
      },
    );
  }

  /**
   * The account as it stands: ABSENT; OURS when it can only be the one this provisioning created
   * (host '%' alone, nothing granted beyond USAGE and this database, and this provisioning's database
   * exists: accounts are created after the database and dropped before it); else FOREIGN.
   */
  private async accountState(
    admin: Connection,
    spec: TenantDatabaseSpec,
    hasOurDatabase: boolean,
  ): Promise<'ABSENT' | 'OURS' | 'FOREIGN'> {
    const [hosts] = await admin.query<RowDataPacket[]>('SELECT Host AS host FROM mysql.user WHERE User = ?', [
      spec.account,
    ]);
    if (hosts.length === 0) return 'ABSENT';
    if (!hasOurDatabase || hosts.length !== 1 || hosts[0]?.['host'] !== '%') return 'FOREIGN';
    const [grants] = await admin.query<RowDataPacket[]>("SHOW GRANTS FOR ?@'%'", [spec.account]);
    const target = grantTarget(spec.databaseName);
    const onlyOurs = grants.every((row) => {
      const text = String(Object.values(row)[0] ?? '');
      const match = /^GRANT (.+?) ON (\S+) TO /.exec(text);
      if (!match) return false; // roles, proxies: not an account this provisioning made
      return (match[1] === 'USAGE' && match[2] === '*.*') || match[2] === target;
    });
    return onlyOurs ? 'OURS' : 'FOREIGN';
  }

  /**
   * Creates the account, or adopts the one an earlier call of this provisioning created: only when
   * resuming (the marked database was there already), since a fresh database means no earlier call
   * of this provisioning got as far as the account.
   */
  private async ensureAccount(
    admin: Connection,
    spec: TenantDatabaseSpec,
    resuming: boolean,
  ): Promise<boolean> {
    const state = await this.accountState(admin, spec, resuming);
    if (state === 'OURS') return true;
    if (state === 'FOREIGN') {
      throw new TenancyError(
        'DATASOURCE_ACCOUNT_EXISTS',
        `account ${spec.account} already exists on the server`,
        {
          server: serverAddress(spec.host, spec.port),
          account: spec.account,
        },
      );
    }
    await admin.query("CREATE USER ?@'%' IDENTIFIED BY ?", [spec.account, spec.password]);
    return true;
  }

  private async dropAccount(admin: Connection, spec: TenantDatabaseSpec): Promise<void> {
    await admin.query("DROP USER IF EXISTS ?@'%'", [spec.account]);
    // A dropped account's open sessions would live on: end them (MariaDB's KILL USER).
    await admin.query('KILL CONNECTION USER ?', [spec.account]).catch(() => undefined);
  }

  private async revokeGrant(admin: Connection, spec: TenantDatabaseSpec): Promise<void> {
    try {
      await admin.query(`REVOKE ALL PRIVILEGES ON ${grantTarget(spec.databaseName)} FROM ?@'%'`, [
        spec.account,
      ]);
    } catch (error) {
      if (
        (error as { errno?: unknown }).errno !== 1141 &&
        (error as { errno?: unknown }).errno !== ER_CANNOT_USER
      ) {
        throw error;
      }
    }
  }

  /** Undoes what this provisioning owns (account first, then the database); false when something stayed. */
  private async compensate(admin: Connection, spec: TenantDatabaseSpec, owned: Owned): Promise<boolean> {
    let complete = true;
    if (owned.account) {
      await this.dropAccount(admin, spec).catch(() => {
        complete = false;
      });
    }
    if (owned.database) {
      try {
        // Only the database that still carries this provisioning's marker is dropped.
        if ((await this.databaseComment(admin, spec)) === databaseMarker(spec)) {
          await admin.query(`DROP DATABASE IF EXISTS \`${spec.databaseName}\``);
        }
      } catch {
        complete = false;
      }
    }
    return complete;
  }

  private failure(error: unknown, spec: TenantDatabaseSpec, step: Step, compensated: boolean): TenancyError {
    if (error instanceof TenancyError) {
      return new TenancyError(error.code, error.message, { ...error.details, step, compensated });
    }
    const server = serverAddress(spec.host, spec.port);
    return new TenancyError('DATASOURCE_PROVISIONING_FAILED', `provisioning on ${server} failed at ${step}`, {
      server,
      step,
      reason: serverReason(error, [spec.password, this.serverOf(spec).password]),
      ...codeOf(error),
      compensated,
    });
  }
}

/** The driver's error code for details, when it has one. */
function codeOf(error: unknown): { serverCode?: string } {
  const code = serverCode(error);
  return code === undefined ? {} : { serverCode: code };
}

import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { CHARGEFLOW_ENTITIES } from '../persistence/entities/index.js';
import { migrate } from '../persistence/migrate.js';
import { TenancyError, serverCode, serverReason } from './errors.js';
import {
  checkSpecNames,
  databaseMarker,
  type TenantDatabaseSpec,
  type TenantProvisioner,
} from './provisioner.js';

/** Options of the SQLite provisioner (the local stack, when the platform database is SQLite). */
export interface SqliteProvisionerOptions {
  /** Folder of the tenant files: one `<databaseName>.db` per tenant. */
  readonly dir: string;
}

/** The marker table of a tenant file: which tenant's provisioning created it. */
const MARKER_TABLE = 'chargeflow_tenant_marker';

/**
 * Tenant databases as SQLite files for the local stack: `<dir>/<databaseName>.db`, migrated with the
 * tenant schema. There is no server and no account: host, port, account and password are still
 * validated as TEN-5 requires (core configureDatasource, and the same name patterns as MariaDB, so
 * what the local stack accepts production accepts too), stored, and otherwise unused. A file carries
 * the provisioning's marker in `chargeflow_tenant_marker`; an existing file without that marker is
 * never adopted (DATASOURCE_DATABASE_EXISTS), except an empty (0-byte) one, which holds nothing.
 */
export class SqliteProvisioner implements TenantProvisioner {
  readonly kind = 'SQLITE' as const;
  private readonly dir: string;

  constructor(options: SqliteProvisionerOptions) {
    this.dir = resolve(options.dir);
  }

  /** The file of a tenant database. */
  fileOf(spec: Pick<TenantDatabaseSpec, 'databaseName'>): string {
    return join(this.dir, `${spec.databaseName}.db`);
  }

  check(spec: TenantDatabaseSpec): void {
    checkSpecNames(spec);
  }

  async provision(spec: TenantDatabaseSpec): Promise<void> {
    this.check(spec);
    const file = this.fileOf(spec);
    let owned = false;
    let step: 'DATABASE' | 'MIGRATE' = 'DATABASE';
    try {
      const size = await fileSize(file);
      if (size !== undefined && size > 0 && (await this.markerOf(spec)) !== databaseMarker(spec)) {
        throw new TenancyError(
          'DATASOURCE_DATABASE_EXISTS',
          `database file ${file} exists and was not created for this datasource`,
          {
            databaseName: spec.databaseName,
          },
        );
      }
      owned = true;
      await mkdir(this.dir, { recursive: true });
      const orm = await this.openFile(file);
      try {
        await orm.em
          .getConnection()
          .execute(`create table if not exists \`${MARKER_TABLE}\` (\`marker\` text not null primary key)`);
        await orm.em
          .getConnection()
          .execute(`insert or ignore into \`${MARKER_TABLE}\` (\`marker\`) values (?)`, [
            databaseMarker(spec),
          ]);
        step = 'MIGRATE';
        await migrate(orm);
      } finally {
        await orm.close(true);
      }
    } catch (error) {
      let compensated = true;
      if (owned) await removeFile(file).catch(() => (compensated = false));
      if (error instanceof TenancyError)
        throw new TenancyError(error.code, error.message, { ...error.details, step, compensated });
      throw new TenancyError('DATASOURCE_PROVISIONING_FAILED', `provisioning of ${file} failed at ${step}`, {
        step,
        reason: serverReason(error),
        ...(serverCode(error) === undefined ? {} : { serverCode: serverCode(error) }),
        compensated,
      });
    }
  }

  async deprovision(spec: TenantDatabaseSpec): Promise<void> {
    this.check(spec);
    const file = this.fileOf(spec);
    const size = await fileSize(file);
    if (size === undefined) return;
    try {
      if (size === 0 || (await this.markerOf(spec)) === databaseMarker(spec)) await removeFile(file);
    } catch (error) {
      throw new TenancyError(
        'DATASOURCE_DEPROVISIONING_FAILED',
        `database file ${file} could not be removed`,
        {
          reason: serverReason(error),
          compensated: false,
        },
      );
    }
  }

  async open(spec: TenantDatabaseSpec): Promise<MikroORM> {
    checkSpecNames(spec);
    const file = this.fileOf(spec);
    // libsql would create a missing file silently: a tenant database is only ever opened, never made, here.
    if ((await fileSize(file)) === undefined) {
      throw new TenancyError(
        'TENANT_DATABASE_NOT_READY',
        `the database file of ${spec.tenantId} is missing`,
        {
          tenantId: spec.tenantId,
        },
      );
    }
    return this.openFile(file);
  }

  private async openFile(file: string): Promise<MikroORM> {
    const { MikroORM: LibSqlOrm } = await import('@mikro-orm/libsql');
    return LibSqlOrm.init({
      entities: [...CHARGEFLOW_ENTITIES],
      discovery: { warnWhenNoEntities: false },
      debug: false,
      allowGlobalContext: false,
      dbName: file,
    });
  }

  /** The marker in an existing file, or undefined (not an SQLite file, or no marker: not a tenant file of ours). */
  private async markerOf(spec: TenantDatabaseSpec): Promise<string | undefined> {
    let orm: MikroORM;
    try {
      orm = await this.openFile(this.fileOf(spec));
    } catch {
      return undefined;
    }
    try {
      const rows: { marker: string }[] = await orm.em
        .getConnection()
        .execute<{ marker: string }[]>(`select \`marker\` from \`${MARKER_TABLE}\``)
        .catch(() => []);
      return rows.find((row) => row.marker === databaseMarker(spec))?.marker ?? rows[0]?.marker;
    } finally {
      await orm.close(true).catch(() => undefined);
    }
  }
}

async function fileSize(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function removeFile(file: string): Promise<void> {
  await Promise.all(
    ['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${file}${suffix}`, { force: true })),
  );
}

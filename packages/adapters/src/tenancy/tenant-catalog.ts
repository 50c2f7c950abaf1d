import { randomBytes } from 'node:crypto';
import {
  advanceImplementation,
  authorizeDatasourceChange,
  canDeleteDatasource,
  configureDatasource,
  isDomainError,
  unwrap,
  type DatasourceConfig,
  type ImplementationState,
  type Principal,
} from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import { insertTenantWithProfile } from '../onboarding/tenant-rows.js';
import { isUniqueViolation } from '../persistence/errors.js';
import { passwordContext, toCoreConfig, toSpec, toTenantRecord } from './datasource-records.js';
import { TenantDatasourceEntity, TenantEntity, type TenantDatasourceRow } from './entities.js';
import { TenancyError, serverReason } from './errors.js';
import type { TenantCatalog, TenantDatabases, TenantRecord } from './ports.js';
import type { TenantDatabaseSpec, TenantProvisioner } from './provisioner.js';
import type { SecretBox } from './secrets.js';

/** What the composition root passes to the catalogue. */
export interface TenantCatalogOptions {
  /** The platform database's root EntityManager (forked per call). */
  readonly em: EntityManager;
  /** Creates the tenant databases: MariaDbProvisioner (MariaDB platform) or SqliteProvisioner (local stack). */
  readonly provisioner: TenantProvisioner;
  /** Seals datasource passwords (secretBoxFromEnv(CHARGEFLOW_SECRET_KEY)). */
  readonly secrets: SecretBox;
  readonly now: () => number;
  /**
   * How long one call owns a datasource row while it provisions or drops (default 10 min). A call
   * that died mid-way is resumed by a repeated call once its lease has run out.
   */
  readonly leaseMs?: number;
  /** This process's open tenant pools, closed when their datasource is deleted. */
  readonly databases?: Pick<TenantDatabases, 'evict'>;
}

const newId = (): string => randomBytes(8).toString('hex');

/**
 * The catalogue of tenants and their datasources in the platform database (TEN-5, TEN-6). Core
 * decides every rule; this class orders the writes around the provisioner so that a failed
 * provisioning leaves nothing, and the datasource row's primary key lets exactly one call of a
 * tenant provision (the others get DATASOURCE_PROVISIONING_CONFLICT or DATASOURCE_IMMUTABLE).
 */
export class PlatformTenantCatalog implements TenantCatalog {
  private readonly leaseMs: number;

  constructor(private readonly options: TenantCatalogOptions) {
    this.leaseMs = options.leaseMs ?? 10 * 60_000;
  }

  async createTenant(input: { readonly id: string; readonly name: string }): Promise<TenantRecord> {
    // The tenant and its profile with a generated enterprise no. (TEN-2), in one transaction.
    const now = this.options.now();
    await this.options.em.fork().transactional((tx) => insertTenantWithProfile(tx, { ...input, now }));
    return this.getTenant(input.id);
  }

  async getTenant(id: string): Promise<TenantRecord> {
    const em = this.options.em.fork();
    const tenant = await em.findOne(TenantEntity, { id });
    if (!tenant) throw notFound(id);
    return toTenantRecord(tenant, await em.findOne(TenantDatasourceEntity, { tenantId: id }));
  }

  async listTenants(): Promise<readonly TenantRecord[]> {
    const em = this.options.em.fork();
    const [tenants, datasources] = await Promise.all([
      em.find(TenantEntity, {}, { orderBy: { id: 'ASC' } }),
      em.find(TenantDatasourceEntity, {}),
    ]);
    const byTenant = new Map(datasources.map((row) => [row.tenantId, row]));
    return tenants.map((tenant) => toTenantRecord(tenant, byTenant.get(tenant.id) ?? null));
  }

  async configureDatasource(tenantId: string, input: unknown, by: Principal): Promise<TenantRecord> {
    unwrap(authorizeDatasourceChange(by, 'datasource:configure'));
    await this.getTenant(tenantId);
    const existing = await this.datasourceRow(tenantId);
    // TEN-5: a configured datasource is immutable (core says so: DATASOURCE_IMMUTABLE).
    const config = unwrap(
      configureDatasource(
        existing?.provisioningState === 'READY' ? toCoreConfig(existing) : undefined,
        input,
        {
          tenantId,
          enterpriseNo: tenantId,
        },
      ),
    );
    return existing ? this.resume(existing, config) : this.provisionNew(config);
  }

  async advanceImplementation(
    tenantId: string,
    to: ImplementationState,
    by: Principal,
  ): Promise<TenantRecord> {
    unwrap(authorizeDatasourceChange(by, 'datasource:implementation'));
    const row = await this.readyRow(tenantId);
    unwrap(advanceImplementation(toCoreConfig(row), to));
    const now = this.options.now();
    const changed = await this.options.em.fork().nativeUpdate(
      TenantDatasourceEntity,
      {
        tenantId,
        provisioningState: 'READY',
        implementationState: row.implementationState,
        leaseUntil: { $lt: now },
      },
      { implementationState: to, updatedAt: now },
    );
    if (changed === 0) {
      // Someone moved it first (or is deleting it): judge again on what is stored now.
      const fresh = await this.readyRow(tenantId);
      unwrap(advanceImplementation(toCoreConfig(fresh), to));
      throw inProgress(tenantId, 'another change of this datasource is under way');
    }
    return this.getTenant(tenantId);
  }

  async deleteDatasource(tenantId: string, by: Principal): Promise<TenantRecord> {
    unwrap(authorizeDatasourceChange(by, 'datasource:delete'));
    await this.getTenant(tenantId);
    const row = await this.datasourceRow(tenantId);
    if (!row) throw datasourceNotFound(tenantId);
    // TEN-6: only NOT_IMPLEMENTED (no data yet) may go; PROVISIONING and FAILED rows are still NOT_IMPLEMENTED.
    unwrap(canDeleteDatasource(toCoreConfig(row)));
    const owner = await this.claim(row, { implementationState: 'NOT_IMPLEMENTED' });
    if (!owner) {
      const fresh = await this.datasourceRow(tenantId);
      if (!fresh) throw datasourceNotFound(tenantId);
      unwrap(canDeleteDatasource(toCoreConfig(fresh)));
      throw inProgress(tenantId, 'the datasource is being provisioned or dropped by another call');
    }
    await this.options.databases?.evict(tenantId);
    try {
      await this.options.provisioner.deprovision(this.specOf(row));
    } catch (error) {
      // Nothing dropped (e.g. the server refused the connection): the datasource stays as it was.
      const untouched = isDomainError(error) && error.details['compensated'] !== false;
      await this.release(tenantId, owner, untouched ? row.provisioningState : 'FAILED', error);
      throw error;
    }
    await this.options.em.fork().nativeDelete(TenantDatasourceEntity, { tenantId, leaseOwner: owner });
    return this.getTenant(tenantId);
  }

  /** First configure of a tenant: the row (PROVISIONING, leased to this call) goes in before anything is created. */
  private async provisionNew(config: DatasourceConfig): Promise<TenantRecord> {
    const { tenantId } = config;
    const now = this.options.now();
    const provisioningId = newId();
    const spec: TenantDatabaseSpec = {
      tenantId,
      provisioningId,
      host: config.host.toLowerCase(),
      port: config.port,
      databaseName: config.databaseName,
      account: config.account,
      password: config.password,
      maxConnections: config.maxConnections,
      minConnections: config.minConnections,
    };
    // Names and server are checked before the row exists: a refused datasource writes nothing.
    this.options.provisioner.check(spec);
    const owner = newId();
    try {
      await this.options.em.fork().insert(TenantDatasourceEntity, {
        tenantId,
        kind: this.options.provisioner.kind,
        host: spec.host,
        port: spec.port,
        datasourceName: config.datasourceName,
        databaseName: spec.databaseName,
        account: spec.account,
        passwordEnc: this.options.secrets.seal(spec.password, passwordContext(tenantId)),
        maxConnections: spec.maxConnections,
        minConnections: spec.minConnections,
        remarks: config.remarks ?? null,
        implementationState: 'NOT_IMPLEMENTED',
        provisioningState: 'PROVISIONING',
        provisioningId,
        leaseOwner: owner,
        leaseUntil: now + this.leaseMs,
        lastError: null,
        createdAt: now,
        updatedAt: now,
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.datasourceRow(tenantId);
      if (!winner) {
        throw new TenancyError(
          'DATASOURCE_ACCOUNT_TAKEN',
          `account ${spec.account} on ${spec.host}:${spec.port} belongs to another tenant's datasource`,
          { host: spec.host, port: spec.port, account: spec.account },
        );
      }
      // The primary key decided: another call of this tenant got there first.
      if (winner.provisioningState === 'READY') {
        unwrap(configureDatasource(toCoreConfig(winner), {}, { tenantId, enterpriseNo: tenantId }));
      }
      throw inProgress(tenantId, 'another call is provisioning this datasource');
    }
    return this.runProvisioning(spec, owner);
  }

  /** A row left PROVISIONING (its call died) or FAILED: a repeated call with the same settings takes it over. */
  private async resume(row: TenantDatasourceRow, config: DatasourceConfig): Promise<TenantRecord> {
    const spec = this.specOf(row);
    const same =
      spec.host === config.host.toLowerCase() &&
      spec.port === config.port &&
      spec.account === config.account &&
      spec.password === config.password &&
      spec.maxConnections === config.maxConnections &&
      spec.minConnections === config.minConnections &&
      (row.remarks ?? undefined) === config.remarks;
    if (!same) {
      throw new TenancyError(
        'DATASOURCE_PROVISIONING_CONFLICT',
        'an unfinished datasource with other settings exists: repeat with the same settings, or delete it first',
        { tenantId: row.tenantId, reason: 'SETTINGS_DIFFER', provisioning: row.provisioningState },
      );
    }
    const owner = await this.claim(row, {});
    if (!owner) throw inProgress(row.tenantId, 'another call is provisioning this datasource');
    return this.runProvisioning(spec, owner);
  }

  private async runProvisioning(spec: TenantDatabaseSpec, owner: string): Promise<TenantRecord> {
    const { tenantId } = spec;
    try {
      await this.options.provisioner.provision(spec);
    } catch (error) {
      const compensated = !(isDomainError(error) && error.details['compensated'] === false);
      if (compensated) {
        // Nothing is left on the server: neither is the row (TEN-5: a failed configure leaves nothing).
        await this.options.em.fork().nativeDelete(TenantDatasourceEntity, { tenantId, leaseOwner: owner });
      } else {
        await this.release(tenantId, owner, 'FAILED', error);
      }
      throw error;
    }
    await this.options.em.fork().nativeUpdate(
      TenantDatasourceEntity,
      { tenantId, leaseOwner: owner },
      {
        provisioningState: 'READY',
        leaseOwner: null,
        leaseUntil: 0,
        lastError: null,
        updatedAt: this.options.now(),
      },
    );
    return this.getTenant(tenantId);
  }

  /** Takes the row's lease when no live call holds it; the new owner, or undefined. */
  private async claim(
    row: TenantDatasourceRow,
    where: { readonly implementationState?: ImplementationState },
  ): Promise<string | undefined> {
    const owner = newId();
    const now = this.options.now();
    const claimed = await this.options.em
      .fork()
      .nativeUpdate(
        TenantDatasourceEntity,
        { tenantId: row.tenantId, provisioningId: row.provisioningId, leaseUntil: { $lt: now }, ...where },
        { leaseOwner: owner, leaseUntil: now + this.leaseMs, updatedAt: now },
      );
    return claimed === 1 ? owner : undefined;
  }

  /** Gives the lease back, leaving the row in `state` with the failure's reason. */
  private async release(
    tenantId: string,
    owner: string,
    state: TenantDatasourceRow['provisioningState'],
    error: unknown,
  ): Promise<void> {
    const reason = isDomainError(error)
      ? `${error.code}: ${String(error.details['reason'] ?? error.message)}`
      : serverReason(error);
    await this.options.em.fork().nativeUpdate(
      TenantDatasourceEntity,
      { tenantId, leaseOwner: owner },
      {
        provisioningState: state,
        leaseOwner: null,
        leaseUntil: 0,
        lastError: reason.slice(0, 1000),
        updatedAt: this.options.now(),
      },
    );
  }

  private specOf(row: TenantDatasourceRow): TenantDatabaseSpec {
    if (row.kind !== this.options.provisioner.kind) {
      throw new TenancyError(
        'DATASOURCE_NOT_READY',
        `the datasource is of kind ${row.kind}, this platform provisions ${this.options.provisioner.kind}`,
        {
          tenantId: row.tenantId,
          kind: row.kind,
        },
      );
    }
    return toSpec(row, this.options.secrets);
  }

  private async datasourceRow(tenantId: string): Promise<TenantDatasourceRow | null> {
    return this.options.em.fork().findOne(TenantDatasourceEntity, { tenantId });
  }

  /** The READY datasource of a tenant: TENANT_NOT_FOUND, DATASOURCE_NOT_FOUND, DATASOURCE_NOT_READY. */
  private async readyRow(tenantId: string): Promise<TenantDatasourceRow> {
    await this.getTenant(tenantId);
    const row = await this.datasourceRow(tenantId);
    if (!row) throw datasourceNotFound(tenantId);
    if (row.provisioningState !== 'READY') {
      throw new TenancyError(
        'DATASOURCE_NOT_READY',
        `the datasource of ${tenantId} is ${row.provisioningState}`,
        {
          tenantId,
          provisioning: row.provisioningState,
        },
      );
    }
    return row;
  }
}

const notFound = (id: string): TenancyError =>
  new TenancyError('TENANT_NOT_FOUND', `no tenant ${id}`, { id });

const datasourceNotFound = (tenantId: string): TenancyError =>
  new TenancyError('DATASOURCE_NOT_FOUND', `tenant ${tenantId} has no datasource`, { tenantId });

const inProgress = (tenantId: string, message: string): TenancyError =>
  new TenancyError('DATASOURCE_PROVISIONING_CONFLICT', message, { tenantId, reason: 'IN_PROGRESS' });

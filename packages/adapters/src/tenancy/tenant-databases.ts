import { datasourceForRequest, unwrap } from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import { migrate } from '../persistence/migrate.js';
import { toCoreConfig, toSpec } from './datasource-records.js';
import { TenantDatasourceEntity, TenantEntity } from './entities.js';
import { TenancyError, serverCode, serverReason } from './errors.js';
import type { TenantDatabase, TenantDatabases } from './ports.js';
import type { TenantProvisioner } from './provisioner.js';
import type { SecretBox } from './secrets.js';

/** What the composition root passes to the tenant pools. */
export interface TenantDatabasesOptions {
  /** The platform database's root EntityManager (forked per look-up). */
  readonly em: EntityManager;
  /** Opens a tenant database as the tenant (the same provisioner the catalogue uses). */
  readonly provisioner: TenantProvisioner;
  /** Opens the sealed datasource passwords. */
  readonly secrets: SecretBox;
  /** A pool not used for this long is closed (default 5 minutes). */
  readonly idleMs?: number;
  /** At most this many tenant pools are open; the least recently used one closes first (default 100). */
  readonly maxOpen?: number;
  /** Clock of the idle accounting (default performance.now). */
  readonly now?: () => number;
  /**
   * Applies pending business migrations (`migrate(orm)`) the first time this process opens each
   * tenant's database, so an upgrade reaches every tenant without a separate rollout (default true;
   * false when a deploy step migrates tenant databases itself).
   */
  readonly migrateOnOpen?: boolean;
}

interface OpenEntry {
  readonly db: TenantDatabase;
  lastUsed: number;
}

/**
 * One MikroORM per tenant (TEN-7): its own connection pool, its own credentials (the tenant's
 * account), its own identity map; nothing here hands out another tenant's handle. Pools open on the
 * first `get` (concurrent first calls share one open), close after `idleMs` without a `get`, and at
 * most `maxOpen` stay open (least recently used closes first). Closing is graceful: queries in
 * flight finish; a caller should `get` per unit of work rather than keep a TenantDatabase for long.
 */
export class PooledTenantDatabases implements TenantDatabases {
  private readonly idleMs: number;
  private readonly maxOpen: number;
  private readonly now: () => number;
  /** Open pools, least recently used first (Map insertion order). */
  private readonly open = new Map<string, OpenEntry>();
  private readonly opening = new Map<string, Promise<TenantDatabase>>();
  private readonly closing = new Set<Promise<void>>();
  /** Tenants whose database this process has migrated. */
  private readonly migrated = new Set<string>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: TenantDatabasesOptions) {
    this.idleMs = options.idleMs ?? 5 * 60_000;
    this.maxOpen = options.maxOpen ?? 100;
    this.now = options.now ?? (() => performance.now());
    if (!(this.idleMs > 0) || !Number.isInteger(this.maxOpen) || this.maxOpen < 1) {
      throw new RangeError('TenantDatabases: idleMs must be > 0 and maxOpen a positive integer');
    }
  }

  async get(tenantId: string): Promise<TenantDatabase> {
    const entry = this.open.get(tenantId);
    if (entry) {
      entry.lastUsed = this.now();
      this.open.delete(tenantId);
      this.open.set(tenantId, entry);
      return entry.db;
    }
    const pending = this.opening.get(tenantId);
    if (pending) return pending;
    const opened = this.openTenant(tenantId).finally(() => this.opening.delete(tenantId));
    this.opening.set(tenantId, opened);
    return opened;
  }

  async evict(tenantId: string): Promise<void> {
    await this.opening.get(tenantId)?.catch(() => undefined);
    const entry = this.open.get(tenantId);
    if (entry) this.close(tenantId, entry);
    await this.settled();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.opening.values()].map((p) => p.catch(() => undefined)));
    for (const [tenantId, entry] of [...this.open]) this.close(tenantId, entry);
    await this.settled();
  }

  openCount(): number {
    return this.open.size;
  }

  private async openTenant(tenantId: string): Promise<TenantDatabase> {
    const em = this.options.em.fork();
    const [tenant, row] = await Promise.all([
      em.findOne(TenantEntity, { id: tenantId }),
      em.findOne(TenantDatasourceEntity, { tenantId }),
    ]);
    if (!tenant) throw new TenancyError('TENANT_NOT_FOUND', `no tenant ${tenantId}`, { id: tenantId });
    if (!row || row.provisioningState !== 'READY' || row.kind !== this.options.provisioner.kind) {
      throw new TenancyError('TENANT_DATABASE_NOT_READY', `the database of ${tenantId} is not ready`, {
        tenantId,
        provisioning: row?.provisioningState ?? null,
      });
    }
    // TEN-7: the datasource used is the requested tenant's own, checked before any connection opens.
    unwrap(datasourceForRequest(tenantId, toCoreConfig(row)));
    let orm;
    try {
      orm = await this.options.provisioner.open(toSpec(row, this.options.secrets));
    } catch (error) {
      if (error instanceof TenancyError) throw error;
      const spec = toSpec(row, this.options.secrets);
      throw new TenancyError('TENANT_DATABASE_NOT_READY', `the database of ${tenantId} could not be opened`, {
        tenantId,
        reason: serverReason(error, [spec.password]),
        ...(serverCode(error) === undefined ? {} : { serverCode: serverCode(error) }),
      });
    }
    if ((this.options.migrateOnOpen ?? true) && !this.migrated.has(tenantId)) {
      try {
        await migrate(orm);
      } catch (error) {
        await orm.close().catch(() => undefined);
        throw error;
      }
      this.migrated.add(tenantId);
    }
    const db: TenantDatabase = { tenantId, orm, em: orm.em };
    this.open.set(tenantId, { db, lastUsed: this.now() });
    for (const [oldest, entry] of this.open) {
      if (this.open.size <= this.maxOpen) break;
      this.close(oldest, entry);
    }
    this.startSweeper();
    return db;
  }

  private close(tenantId: string, entry: OpenEntry): void {
    if (this.open.get(tenantId) === entry) this.open.delete(tenantId);
    const closed = entry.db.orm.close().catch(() => undefined);
    this.closing.add(closed);
    void closed.finally(() => this.closing.delete(closed));
    if (this.open.size === 0) this.stopSweeper();
  }

  private async settled(): Promise<void> {
    await Promise.all([...this.closing]);
  }

  private sweep(): void {
    const cutoff = this.now() - this.idleMs;
    // Least recently used first: stop at the first pool used since the cutoff.
    for (const [tenantId, entry] of this.open) {
      if (entry.lastUsed > cutoff) break;
      this.close(tenantId, entry);
    }
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    const every = Math.max(10, Math.min(this.idleMs / 2, 30_000));
    this.sweeper = setInterval(() => this.sweep(), every);
    // The sweeper never keeps the process alive.
    this.sweeper.unref();
  }

  private stopSweeper(): void {
    if (!this.sweeper) return;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

import { randomUUID } from 'node:crypto';
import type { OrgScope } from '@chargeflow/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { AuditEntryEntity, type AuditEntryRow } from '../entities/access.js';
import { placesWithin } from '../place-columns.js';

/** One audited write: who, when, what, from which address. */
export interface AuditEntry {
  readonly id: string;
  readonly at: number;
  readonly callerKind: string;
  readonly callerId: string;
  /** The caller's provider and property (null for the tenant level, app users and the control plane). */
  readonly scopeProviderId: string | null;
  readonly scopePropertyId: string | null;
  readonly method: string;
  readonly route: string;
  readonly path: string;
  readonly status: number;
  readonly permission: string;
  readonly requestId: string;
  readonly ip: string;
}

/** A page of the audit log, newest first. */
export interface AuditPage {
  readonly items: readonly AuditEntry[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

const toEntry = (row: AuditEntryRow): AuditEntry => ({
  ...row,
  scopeProviderId: row.scopeProviderId ?? null,
  scopePropertyId: row.scopePropertyId ?? null,
});

/** ORG-1: entries written by callers inside a scope (in the query). */
const insideScope = (within: OrgScope | undefined): Record<string, unknown> =>
  within?.kind === 'COLLECTIVE'
    ? { id: { $in: [] as string[] } }
    : placesWithin(within, { provider: 'scopeProviderId', property: 'scopePropertyId', collective: 'id' });

/** The audit log of writes in one database (a tenant's, or the platform's for the control plane). */
export class AuditLog {
  constructor(private readonly em: EntityManager) {}

  /** Appends an entry (its id is generated). */
  async append(entry: Omit<AuditEntry, 'id'>): Promise<void> {
    const em = this.em.fork();
    em.create(AuditEntryEntity, { id: randomUUID(), ...entry });
    await em.flush();
  }

  /**
   * Newest first, `limit` ≤ 200, optionally since an instant; with `within`, only the writes of
   * callers inside that scope (a property's users see their property's writes).
   */
  async list(
    page: {
      readonly limit?: number | undefined;
      readonly offset?: number | undefined;
      readonly since?: number | undefined;
    },
    within?: OrgScope,
  ): Promise<AuditPage> {
    const limit = Math.min(Math.max(1, page.limit ?? 50), 200);
    const offset = Math.max(0, page.offset ?? 0);
    const [rows, total] = await this.em.fork().findAndCount(
      AuditEntryEntity,
      {
        $and: [page.since === undefined ? {} : { at: { $gte: page.since } }, insideScope(within)],
      } as FilterQuery<AuditEntryRow>,
      {
        orderBy: { at: 'desc', id: 'desc' },
        limit,
        offset,
      },
    );
    return { items: rows.map(toEntry), total, limit, offset };
  }
}

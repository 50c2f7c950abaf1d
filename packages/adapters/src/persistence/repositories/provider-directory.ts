import { randomUUID } from 'node:crypto';
import {
  auditProvider,
  checkPhoneUnchanged,
  unwrap,
  type AuditStatus,
  type PasswordHasher,
  type Provider,
} from '@chargeflow/core';
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { StaffUserEntity } from '../entities/access.js';
import { PropertyEntity, ProviderEntity, type ProviderRow } from '../entities/assets.js';
import { PersistenceError, violatesUnique } from '../errors.js';
import { organisationOf, providerWhere, within, type QueryScope } from '../scope.js';
import { containing, pageOf, type ListPaging, type Page } from './list-page.js';
import { applyOrgEffects, initialPassword } from './org-effects.js';
import { providerOfRow } from './org-gates.js';
import { toProviderRecord, type LoginAccount, type ProviderRecord } from './org-records.js';

/** ORG-2: the fields of a new provider (core's Provider without its state). */
export type NewProvider = Omit<Provider, 'id' | 'tenantId' | 'auditStatus' | 'enabled'> & {
  readonly id?: string;
};

/** ORG-2: what may be edited (name, contact, e-mail); a phone given must be the current one. */
export interface ProviderPatch {
  readonly name?: string;
  readonly contactName?: string;
  readonly email?: string;
  readonly phone?: string;
}

/** ORG-2 search filters (name and phone match substrings). */
export interface ProviderFilters extends ListPaging<'name' | 'createdAt'> {
  readonly name?: string;
  readonly phone?: string;
  readonly merchantType?: string;
  readonly enabled?: boolean;
  readonly auditStatus?: AuditStatus;
}

/**
 * Service providers of a tenant (ORG-2) in the caller's scope: added by the tenant level only,
 * PENDING until audited; approving creates the login account and the first-level department in the
 * same transaction as the status change, rejecting creates neither.
 */
export class ProviderDirectory {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number,
    private readonly tenantId: string,
    private readonly hasher: PasswordHasher,
    private readonly scope: QueryScope,
  ) {}

  private where(query: Record<string, unknown>): FilterQuery<ProviderRow> {
    return within<FilterQuery<ProviderRow>>(providerWhere(this.scope), query);
  }

  /** ORG-2: a PENDING provider; its phone must not be a login, a provider's or a property's (LOGIN_PHONE_TAKEN). */
  async create(input: NewProvider): Promise<ProviderRecord> {
    this.requireTenantLevel('PROVIDER_OUT_OF_SCOPE', 'only the tenant level may add providers');
    const em = this.em.fork();
    await checkPhoneFree(em, input.phone);
    const row = em.create(ProviderEntity, {
      id: input.id ?? randomUUID(),
      name: input.name,
      contactName: input.contactName,
      phone: input.phone,
      email: input.email,
      merchantType: input.merchantType,
      auditStatus: 'PENDING',
      enabled: true,
      createdAt: this.now(),
    });
    try {
      await em.flush();
    } catch (error) {
      if (violatesUnique(error, { name: 'provider_phone_unique', columns: 'provider.phone' })) {
        throw phoneTaken(input.phone);
      }
      throw error;
    }
    return toProviderRecord(row);
  }

  /** ORG-2: providers in scope matching the filters, one page. */
  async list(filters: ProviderFilters = {}): Promise<Page<ProviderRecord>> {
    const where = this.where({
      ...(filters.name === undefined ? {} : { name: containing(filters.name) }),
      ...(filters.phone === undefined ? {} : { phone: containing(filters.phone) }),
      ...(filters.merchantType === undefined ? {} : { merchantType: filters.merchantType }),
      ...(filters.enabled === undefined ? {} : { enabled: filters.enabled }),
      ...(filters.auditStatus === undefined ? {} : { auditStatus: filters.auditStatus }),
    });
    const page = await pageOf(this.em.fork(), ProviderEntity, where, filters, 'name');
    return { ...page, items: page.rows.map(toProviderRecord) };
  }

  /** One provider in scope, or PROVIDER_NOT_FOUND. */
  async get(id: string): Promise<ProviderRecord> {
    return toProviderRecord(await this.find(this.em.fork(), id));
  }

  /** ORG-2: edits name, contact and e-mail (the tenant level or the provider itself); the phone never changes. */
  async update(id: string, patch: ProviderPatch): Promise<ProviderRecord> {
    return this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id, LockMode.PESSIMISTIC_WRITE);
      const org = organisationOf(this.scope);
      if (org !== 'ALL' && org !== 'NONE' && org.kind !== 'ALL' && org.kind !== 'PROVIDER') {
        throw new PersistenceError(
          'PROVIDER_OUT_OF_SCOPE',
          'only the tenant level or the provider edits it',
          {
            providerId: id,
          },
        );
      }
      unwrap(checkPhoneUnchanged({ phone: row.phone ?? '' }, patch));
      if (patch.name !== undefined) row.name = patch.name;
      if (patch.contactName !== undefined) row.contactName = patch.contactName;
      if (patch.email !== undefined) row.email = patch.email;
      await em.flush();
      return toProviderRecord(row);
    });
  }

  /**
   * ORG-2 audit (core auditProvider, only PENDING): APPROVE creates the login account (its one-time
   * password in the answer) and the first-level department with the status change, in one
   * transaction on the locked provider row; REJECT creates neither.
   */
  async audit(
    id: string,
    decision: 'APPROVE' | 'REJECT',
  ): Promise<{ readonly provider: ProviderRecord; readonly login: LoginAccount | null }> {
    this.requireTenantLevel('PROVIDER_OUT_OF_SCOPE', 'only the tenant level audits providers');
    // Refusals first (not found, already audited), before the slow hash; decided again under the lock.
    unwrap(auditProvider(providerOfRow(this.tenantId, await this.find(this.em.fork(), id)), decision));
    const password = decision === 'APPROVE' ? initialPassword() : null;
    const passwordHash = password === null ? '' : await this.hasher.hash(password);
    return this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id, LockMode.PESSIMISTIC_WRITE);
      const { provider, effects } = unwrap(auditProvider(providerOfRow(this.tenantId, row), decision));
      const applied = await applyOrgEffects(
        em,
        effects,
        {
          owner: { level: 'PROVIDER', providerId: row.id },
          name: row.name,
          contactName: row.contactName ?? row.name,
          email: row.email ?? null,
        },
        { passwordHash, now: this.now() },
      );
      row.auditStatus = provider.auditStatus;
      await em.flush();
      const login =
        applied.loginUserId === null || password === null
          ? null
          : { userId: applied.loginUserId, phone: provider.phone, initialPassword: password };
      return { provider: toProviderRecord(row), login };
    });
  }

  /** ORG-2, ORG-8: enables or disables a provider (a gate on new children; nothing below is touched). */
  async setEnabled(id: string, enabled: boolean): Promise<ProviderRecord> {
    this.requireTenantLevel('PROVIDER_OUT_OF_SCOPE', 'only the tenant level enables or disables providers');
    return this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id, LockMode.PESSIMISTIC_WRITE);
      row.enabled = enabled;
      await em.flush();
      return toProviderRecord(row);
    });
  }

  private async find(em: EntityManager, id: string, lockMode?: LockMode): Promise<ProviderRow> {
    const row = await em.findOne(
      ProviderEntity,
      this.where({ id }),
      lockMode === undefined ? {} : { lockMode },
    );
    if (!row) throw new PersistenceError('PROVIDER_NOT_FOUND', `no provider ${id}`, { providerId: id });
    return row;
  }

  private requireTenantLevel(code: 'PROVIDER_OUT_OF_SCOPE', message: string): void {
    if (Object.keys(providerWhere(this.scope)).length > 0) throw new PersistenceError(code, message, {});
  }
}

const phoneTaken = (phone: string) =>
  new PersistenceError('LOGIN_PHONE_TAKEN', `${phone} is already a login account`, { phone });

/** ORG-2, ORG-3: a login phone is free when no user, provider or property has it (the unique keys back it). */
export async function checkPhoneFree(em: EntityManager, phone: string): Promise<void> {
  const taken =
    (await em.count(StaffUserEntity, { phone })) +
    (await em.count(ProviderEntity, { phone })) +
    (await em.count(PropertyEntity, { phone }));
  if (taken > 0) throw phoneTaken(phone);
}

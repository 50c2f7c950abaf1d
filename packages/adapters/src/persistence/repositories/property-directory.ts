import { randomUUID } from 'node:crypto';
import {
  checkPhoneUnchanged,
  propertyCreationEffects,
  unwrap,
  type PasswordHasher,
  type Property,
} from '@chargeflow/core';
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { PropertyEntity, ProviderEntity, type PropertyRow } from '../entities/assets.js';
import { PersistenceError, violatesUnique } from '../errors.js';
import { organisationOf, propertyWhere, providerWhere, within, type QueryScope } from '../scope.js';
import { containing, pageOf, type ListPaging, type Page } from './list-page.js';
import { applyOrgEffects, initialPassword } from './org-effects.js';
import { checkOrgGate, propertyOfRow } from './org-gates.js';
import { toPropertyRecord, type LoginAccount, type PropertyRecord } from './org-records.js';
import { checkPhoneFree } from './provider-directory.js';

/** ORG-3: the fields of a new property (core's Property without its state). */
export type NewProperty = Omit<Property, 'id' | 'tenantId' | 'enabled'> & { readonly id?: string };

/** ORG-3: what may be edited; a phone given must be the current one (LOGIN_PHONE_IMMUTABLE). */
export interface PropertyPatch {
  readonly name?: string;
  readonly contactName?: string;
  readonly email?: string;
  readonly province?: string;
  readonly city?: string;
  readonly address?: string;
  readonly phone?: string;
}

/** ORG-3 search filters (name and phone match substrings). */
export interface PropertyFilters extends ListPaging<'name' | 'createdAt'> {
  readonly providerId?: string;
  readonly name?: string;
  readonly phone?: string;
  readonly enabled?: boolean;
}

const EDITABLE = ['name', 'contactName', 'email', 'province', 'city', 'address'] as const;

/**
 * Properties of a tenant (ORG-3) in the caller's scope. Creating one (the tenant level or its
 * provider, under an approved, enabled provider) creates its login account and its first-level
 * department in the same transaction.
 */
export class PropertyDirectory {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number,
    private readonly tenantId: string,
    private readonly hasher: PasswordHasher,
    private readonly scope: QueryScope,
  ) {}

  private where(query: Record<string, unknown>): FilterQuery<PropertyRow> {
    return within<FilterQuery<PropertyRow>>(propertyWhere(this.scope), query);
  }

  /** ORG-3, ORG-8: the property, its login account (one-time password) and its first-level department. */
  async create(
    input: NewProperty,
  ): Promise<{ readonly property: PropertyRecord; readonly login: LoginAccount }> {
    const org = organisationOf(this.scope);
    if (org === 'NONE' || (org !== 'ALL' && org.kind !== 'ALL' && org.kind !== 'PROVIDER')) {
      throw new PersistenceError(
        'PROPERTY_OUT_OF_SCOPE',
        'only the tenant level or the provider may add properties',
        { providerId: input.providerId },
      );
    }
    // The checks run before the (slow) hash so a refused request costs no hashing, and again
    // inside the transaction, under the gate's lock, for the write.
    const checks = async (em: EntityManager) => {
      const visible = within(providerWhere(this.scope), { id: input.providerId });
      if ((await em.count(ProviderEntity, visible as never)) === 0) {
        throw new PersistenceError('PROVIDER_NOT_FOUND', `no provider ${input.providerId}`, {
          providerId: input.providerId,
        });
      }
      await checkOrgGate(em, this.tenantId, 'PROPERTY', { level: 'PROVIDER', providerId: input.providerId });
      await checkPhoneFree(em, input.phone);
    };
    await checks(this.em.fork());
    const password = initialPassword();
    const passwordHash = await this.hasher.hash(password);
    try {
      return await this.em.fork().transactional(async (em) => {
        await checks(em);
        const { providerId, ...fields } = input;
        const row = em.create(PropertyEntity, {
          ...fields,
          id: input.id ?? randomUUID(),
          provider: em.getReference(ProviderEntity, providerId),
          enabled: true,
          createdAt: this.now(),
        });
        await em.flush();
        const applied = await applyOrgEffects(
          em,
          propertyCreationEffects(propertyOfRow(this.tenantId, row)),
          {
            owner: { level: 'PROPERTY', providerId, propertyId: row.id },
            name: row.name,
            contactName: input.contactName,
            email: input.email,
          },
          { passwordHash, now: this.now() },
        );
        return {
          property: toPropertyRecord(row),
          login: { userId: applied.loginUserId ?? '', phone: input.phone, initialPassword: password },
        };
      });
    } catch (error) {
      if (violatesUnique(error, { name: 'property_phone_unique', columns: 'property.phone' })) {
        throw new PersistenceError('LOGIN_PHONE_TAKEN', `${input.phone} is already a login account`, {
          phone: input.phone,
        });
      }
      throw error;
    }
  }

  /** ORG-3: properties in scope matching the filters, one page. */
  async list(filters: PropertyFilters = {}): Promise<Page<PropertyRecord>> {
    const where = this.where({
      ...(filters.providerId === undefined ? {} : { provider: filters.providerId }),
      ...(filters.name === undefined ? {} : { name: containing(filters.name) }),
      ...(filters.phone === undefined ? {} : { phone: containing(filters.phone) }),
      ...(filters.enabled === undefined ? {} : { enabled: filters.enabled }),
    });
    const page = await pageOf(this.em.fork(), PropertyEntity, where, filters, 'name');
    return { ...page, items: page.rows.map(toPropertyRecord) };
  }

  /** ORG-3: edits the profile; the phone never changes (LOGIN_PHONE_IMMUTABLE). */
  async update(id: string, patch: PropertyPatch): Promise<PropertyRecord> {
    return this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id);
      unwrap(checkPhoneUnchanged({ phone: row.phone ?? '' }, patch));
      for (const field of EDITABLE) {
        const value = patch[field];
        if (value !== undefined) row[field] = value;
      }
      await em.flush();
      return toPropertyRecord(row);
    });
  }

  /** ORG-3, ORG-8: enables or disables a property (a gate on new children; nothing below is touched). */
  async setEnabled(id: string, enabled: boolean): Promise<PropertyRecord> {
    return this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id);
      row.enabled = enabled;
      await em.flush();
      return toPropertyRecord(row);
    });
  }

  private async find(em: EntityManager, id: string): Promise<PropertyRow> {
    const row = await em.findOne(PropertyEntity, this.where({ id }), {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    if (!row) throw new PersistenceError('PROPERTY_NOT_FOUND', `no property ${id}`, { propertyId: id });
    return row;
  }
}

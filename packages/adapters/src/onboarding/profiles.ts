import { LockMode, type EntityManager } from '@mikro-orm/core';
import { closeTenant, openTenant, unwrap, type TenantState } from '@chargeflow/core';
import { TenantDatasourceEntity, TenantEntity } from '../tenancy/entities.js';
import { TenancyError } from '../tenancy/errors.js';
import { TenantProfileEntity, type TenantProfileRow } from './entities.js';
import { OnboardingError } from './errors.js';
import {
  toCoreProfile,
  toProfileRecord,
  type ProfileField,
  type TenantProfileRecord,
} from './profile-records.js';

/** A profile edit: each named field is set (null or blank clears it); the enterprise no. cannot be named. */
export type ProfilePatch = Partial<Record<ProfileField, string | null | undefined>> & {
  readonly enterpriseNo?: string | undefined;
};

export interface TenantProfilesOptions {
  /** The platform database's root EntityManager (forked per call). */
  readonly em: EntityManager;
  readonly now: () => number;
}

/**
 * TEN-2 profiles and TEN-3 opening and closing a tenant, in the platform database. Opening runs
 * core's completeness gate (TENANT_PROFILE_INCOMPLETE with every missing field) and needs a READY
 * datasource (TENANT_DATASOURCE_MISSING); both judge the rows read under a lock of the tenant's row,
 * the same lock the contract workflow's "close when no active contract" takes.
 */
export class TenantProfiles {
  constructor(private readonly options: TenantProfilesOptions) {}

  async get(tenantId: string): Promise<TenantProfileRecord> {
    const em = this.options.em.fork();
    const { tenant, profile } = await this.load(em, tenantId, false);
    return toProfileRecord(profile, tenant.state);
  }

  /** TENANT_PROFILE_FIELD_IMMUTABLE when the patch names another enterprise no. */
  async update(tenantId: string, patch: ProfilePatch): Promise<TenantProfileRecord> {
    return this.options.em.fork().transactional(async (tx) => {
      const { tenant, profile } = await this.load(tx, tenantId, true);
      if (patch.enterpriseNo !== undefined && patch.enterpriseNo !== profile.enterpriseNo) {
        throw new OnboardingError(
          'TENANT_PROFILE_FIELD_IMMUTABLE',
          'the enterprise no. is generated and fixed',
          {
            field: 'enterpriseNo',
            enterpriseNo: profile.enterpriseNo,
          },
        );
      }
      const { enterpriseNo: _fixed, ...fields } = patch;
      const changes = Object.fromEntries(
        Object.entries(fields)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, v === null || v === undefined || v.trim() === '' ? null : v.trim()]),
      );
      const updatedAt = this.options.now();
      await tx.nativeUpdate(TenantProfileEntity, { tenantId }, { ...changes, updatedAt });
      return toProfileRecord({ ...profile, ...changes, updatedAt } as TenantProfileRow, tenant.state);
    });
  }

  /** TEN-3: CLOSED → OPEN when the profile is complete and the datasource READY; opening an open tenant is a no-op. */
  async open(tenantId: string): Promise<TenantProfileRecord> {
    return this.options.em.fork().transactional(async (tx) => {
      const { tenant, profile } = await this.load(tx, tenantId, true);
      const datasource = await tx.findOne(TenantDatasourceEntity, { tenantId });
      const opened = unwrap(
        openTenant(toCoreProfile(profile, tenant.state), datasource?.provisioningState === 'READY'),
      );
      await this.setState(tx, tenantId, tenant.state, opened.state);
      return toProfileRecord(profile, opened.state);
    });
  }

  /** TEN-4: OPEN → CLOSED (closing a closed tenant is a no-op). */
  async close(tenantId: string): Promise<TenantProfileRecord> {
    return this.options.em.fork().transactional(async (tx) => {
      const { tenant, profile } = await this.load(tx, tenantId, true);
      const closed = closeTenant(toCoreProfile(profile, tenant.state));
      await this.setState(tx, tenantId, tenant.state, closed.state);
      return toProfileRecord(profile, closed.state);
    });
  }

  private async setState(tx: EntityManager, tenantId: string, from: TenantState, to: TenantState) {
    if (from === to) return;
    const changed = await tx.nativeUpdate(TenantEntity, { id: tenantId, state: from }, { state: to });
    if (changed !== 1) {
      throw new OnboardingError('TENANT_STATE_CONFLICT', 'the tenant changed state meanwhile; retry', {
        tenantId,
      });
    }
  }

  /** The tenant (locked for update when `lock`) and its profile: TENANT_NOT_FOUND. */
  private async load(em: EntityManager, tenantId: string, lock: boolean) {
    const tenant = await em.findOne(
      TenantEntity,
      { id: tenantId },
      lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
    const profile = tenant ? await em.findOne(TenantProfileEntity, { tenantId }) : null;
    if (!tenant || !profile) {
      throw new TenancyError('TENANT_NOT_FOUND', `no tenant ${tenantId}`, { id: tenantId });
    }
    return { tenant, profile };
  }
}

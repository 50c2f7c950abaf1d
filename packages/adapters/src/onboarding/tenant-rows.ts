import { checkTenantId, formatEnterpriseNo, unwrap } from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import { isUniqueViolation } from '../persistence/errors.js';
import { TenantEntity } from '../tenancy/entities.js';
import { TenancyError } from '../tenancy/errors.js';
import { TenantProfileEntity } from './entities.js';
import type { ProfileField } from './profile-records.js';
import { nextSequenceValue } from './sequences.js';

/** What a new tenant starts with: its id and name, and the profile fields already known (from a registration). */
export interface NewTenant {
  readonly id: string;
  readonly name: string;
  readonly now: number;
  readonly profile?: Partial<Record<ProfileField, string | undefined>>;
  readonly registrationId?: string;
}

/**
 * Inserts a tenant (CLOSED, TEN-2) and its profile with the next enterprise no. (TEN-2: generated,
 * unique) inside the caller's transaction, so a tenant never exists without its profile.
 * TENANT_ID_INVALID, TENANT_NAME_INVALID, TENANT_EXISTS.
 */
export async function insertTenantWithProfile(tx: EntityManager, tenant: NewTenant): Promise<void> {
  const id = unwrap(checkTenantId(tenant.id));
  const name = tenant.name.trim();
  if (name.length === 0 || name.length > 128) {
    throw new TenancyError('TENANT_NAME_INVALID', 'a tenant name is 1–128 characters', { id });
  }
  try {
    await tx.insert(TenantEntity, { id, name, state: 'CLOSED', createdAt: tenant.now });
  } catch (error) {
    if (isUniqueViolation(error)) throw new TenancyError('TENANT_EXISTS', `tenant ${id} exists`, { id });
    throw error;
  }
  const enterpriseNo = unwrap(formatEnterpriseNo(await nextSequenceValue(tx, 'tenant:enterprise-no')));
  const known = Object.fromEntries(
    Object.entries(tenant.profile ?? {}).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  await tx.insert(TenantProfileEntity, {
    tenantId: id,
    enterpriseNo,
    ...known,
    registrationId: tenant.registrationId ?? null,
    createdAt: tenant.now,
    updatedAt: tenant.now,
  });
}

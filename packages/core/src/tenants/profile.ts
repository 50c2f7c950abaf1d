import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { defineScheme, formatNumber, type NumberingScheme } from '../numbering/scheme.js';

/** TEN-2 tenant state: OPEN (开通) or CLOSED (关闭). */
export type TenantState = 'OPEN' | 'CLOSED';

/** TEN-2 tenant profile (客户详细信息), completed by operators after follow-up. */
export interface TenantProfile {
  readonly tenantId: string;
  /** Generated, unique (see ENTERPRISE_NO_SCHEME). */
  readonly enterpriseNo: string;
  readonly licenceNo?: string;
  readonly enterpriseName?: string;
  readonly province?: string;
  readonly city?: string;
  readonly address?: string;
  readonly contactName?: string;
  readonly contactPhone?: string;
  readonly officePhone?: string;
  readonly email?: string;
  readonly licenceScan?: string;
  readonly description?: string;
  readonly remarks?: string;
  readonly state: TenantState;
}

/** TEN-2: enterprise numbers are EN + 6 digits (EN000001), allocated like any NUM-2 number. */
export const ENTERPRISE_NO_SCHEME: NumberingScheme = defineScheme({
  key: 'tenant:enterprise-no',
  prefix: ['EN'],
  width: 6,
  min: 1,
  max: 999_999,
});

/** Formats an allocated enterprise-number sequence (1 → EN000001). */
export const formatEnterpriseNo = (sequence: number) => formatNumber(ENTERPRISE_NO_SCHEME, sequence);

/** TEN-3: fields required before opening a tenant or adding a contract. */
export const REQUIRED_PROFILE_FIELDS = [
  'licenceNo',
  'enterpriseName',
  'address',
  'contactName',
  'contactPhone',
] as const;

/** A field the completeness gate requires. */
export type RequiredProfileField = (typeof REQUIRED_PROFILE_FIELDS)[number];

/** TEN-3: the required fields that are absent or blank, in a fixed order. */
export const missingProfileFields = (profile: TenantProfile): RequiredProfileField[] =>
  REQUIRED_PROFILE_FIELDS.filter((field) => (profile[field] ?? '').trim() === '');

/** TEN-3: TENANT_PROFILE_INCOMPLETE with details.missing when the profile lacks required fields. */
export function checkProfileComplete(
  profile: TenantProfile,
): Result<void, DomainError<'TENANT_PROFILE_INCOMPLETE'>> {
  const missing = missingProfileFields(profile);
  return missing.length === 0
    ? ok(undefined)
    : err(
        new DomainError('TENANT_PROFILE_INCOMPLETE', `complete the profile first: ${missing.join(', ')}`, {
          missing,
        }),
      );
}

/**
 * TEN-3, TEN-5: opens a tenant; the profile must be complete and its datasource configured.
 * Opening an open tenant is a no-op (safe to retry from a workflow).
 */
export function openTenant(
  profile: TenantProfile,
  datasourceConfigured: boolean,
): Result<TenantProfile, DomainError<'TENANT_PROFILE_INCOMPLETE' | 'TENANT_DATASOURCE_MISSING'>> {
  if (profile.state === 'OPEN') return ok(profile);
  const complete = checkProfileComplete(profile);
  if (!complete.ok) return complete;
  if (!datasourceConfigured) {
    return err(
      new DomainError('TENANT_DATASOURCE_MISSING', 'ops must configure the datasource before opening', {
        tenantId: profile.tenantId,
      }),
    );
  }
  return ok({ ...profile, state: 'OPEN' });
}

/** TEN-4: closes a tenant (also done when no active contract remains); idempotent. */
export const closeTenant = (profile: TenantProfile): TenantProfile =>
  profile.state === 'CLOSED' ? profile : { ...profile, state: 'CLOSED' };

import type { RequiredProfileField, TenantProfile, TenantState } from '@chargeflow/core';
import { missingProfileFields } from '@chargeflow/core';
import type { TenantProfileRow } from './entities.js';

/** The editable fields of a profile (TEN-2); the enterprise no. and the state are not among them. */
export const PROFILE_FIELDS = [
  'licenceNo',
  'enterpriseName',
  'province',
  'city',
  'address',
  'contactName',
  'contactPhone',
  'officePhone',
  'email',
  'licenceScan',
  'description',
  'remarks',
] as const;

/** An editable profile field. */
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** A tenant profile as the control plane shows it, with what the completeness gate still misses (TEN-3). */
export type TenantProfileRecord = { readonly [K in ProfileField]: string | null } & {
  readonly tenantId: string;
  readonly enterpriseNo: string;
  readonly state: TenantState;
  readonly registrationId: string | null;
  readonly missing: readonly RequiredProfileField[];
  readonly createdAt: number;
  readonly updatedAt: number;
};

/** The row as core's TenantProfile (absent fields for NULL columns). */
export function toCoreProfile(row: TenantProfileRow, state: TenantState): TenantProfile {
  const fields: Partial<Record<ProfileField, string>> = {};
  for (const field of PROFILE_FIELDS) {
    const value = row[field];
    if (value !== null && value !== undefined) fields[field] = value;
  }
  return { tenantId: row.tenantId, enterpriseNo: row.enterpriseNo, state, ...fields };
}

/** The view of a profile row. */
export function toProfileRecord(row: TenantProfileRow, state: TenantState): TenantProfileRecord {
  const fields = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, row[f] ?? null])) as {
    [K in ProfileField]: string | null;
  };
  return {
    tenantId: row.tenantId,
    enterpriseNo: row.enterpriseNo,
    ...fields,
    state,
    registrationId: row.registrationId ?? null,
    missing: missingProfileFields(toCoreProfile(row, state)),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

import type { RegistrationSource, RegistrationStatus } from '@chargeflow/core';
import type { TenantFollowUpRow, TenantRegistrationRow } from './entities.js';

/** A registration (TEN-1) as the control plane shows it. */
export interface RegistrationRecord {
  readonly id: string;
  readonly name: string;
  readonly phone: string;
  readonly company: string | null;
  readonly source: RegistrationSource;
  readonly phoneVerified: boolean;
  readonly status: RegistrationStatus;
  readonly tenantId: string | null;
  readonly registeredAt: number;
  readonly updatedAt: number;
}

/** One follow-up (回访) of a registration. */
export interface FollowUpRecord {
  readonly id: string;
  readonly registrationId: string;
  readonly operatorId: string;
  readonly channel: 'PHONE' | 'VISIT' | 'WECHAT' | 'OTHER';
  readonly outcome: 'CONTINUE' | 'DECLINED';
  readonly note: string;
  readonly nextFollowUpAt: number | null;
  readonly at: number;
}

export const toRegistrationRecord = (row: TenantRegistrationRow): RegistrationRecord => ({
  id: row.id,
  name: row.name,
  phone: row.phone,
  company: row.company ?? null,
  source: row.source,
  phoneVerified: row.phoneVerified,
  status: row.status,
  tenantId: row.tenantId ?? null,
  registeredAt: row.registeredAt,
  updatedAt: row.updatedAt,
});

export const toFollowUpRecord = (row: TenantFollowUpRow): FollowUpRecord => ({
  id: row.id,
  registrationId: row.registrationId,
  operatorId: row.operatorId,
  channel: row.channel,
  outcome: row.outcome,
  note: row.note,
  nextFollowUpAt: row.nextFollowUpAt ?? null,
  at: row.at,
});

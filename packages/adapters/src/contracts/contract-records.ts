import { contractOpenState, type ContractStatus, type Fen } from '@chargeflow/core';
import type { TenantContractRow } from '../onboarding/entities.js';

/** A contract (TEN-4) as stored; `state` is OPEN while ACTIVE (core contractOpenState). */
export interface ContractRecord {
  readonly contractNo: string;
  readonly tenantId: string;
  readonly bankName: string;
  readonly legalRepresentative: string;
  readonly accountNo: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly authorisedCommunityCount: number;
  readonly amount: Fen;
  readonly scan: string | null;
  readonly partyAContact: string;
  readonly partyAPhone: string;
  readonly partyBContact: string;
  readonly partyBPhone: string;
  readonly description: string | null;
  readonly remarks: string | null;
  readonly noticeDays: number;
  readonly status: ContractStatus;
  readonly state: 'OPEN' | 'CLOSED';
  readonly revision: number;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly signedAt: number | null;
  readonly activatedAt: number | null;
  readonly endedAt: number | null;
  readonly endReason: string | null;
}

export const toContractRecord = (row: TenantContractRow): ContractRecord => ({
  contractNo: row.contractNo,
  tenantId: row.tenantId,
  bankName: row.bankName,
  legalRepresentative: row.legalRepresentative,
  accountNo: row.accountNo,
  startDate: row.startDate,
  endDate: row.endDate,
  authorisedCommunityCount: row.authorisedCommunityCount,
  amount: BigInt(row.amountFen) as Fen,
  scan: row.scan ?? null,
  partyAContact: row.partyAContact,
  partyAPhone: row.partyAPhone,
  partyBContact: row.partyBContact,
  partyBPhone: row.partyBPhone,
  description: row.description ?? null,
  remarks: row.remarks ?? null,
  noticeDays: row.noticeDays,
  status: row.status,
  state: contractOpenState(row.status),
  revision: row.revision,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  signedAt: row.signedAt ?? null,
  activatedAt: row.activatedAt ?? null,
  endedAt: row.endedAt ?? null,
  endReason: row.endReason ?? null,
});

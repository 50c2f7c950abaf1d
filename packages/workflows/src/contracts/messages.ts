// Messages of contractWorkflow (TEN-4), defined beside it; clients import these definitions.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ContractStatus } from '@chargeflow/core';

/** A contract right now (query `contractState`, and the answer of every update). */
export interface ContractLiveState {
  readonly contractNo: string;
  readonly tenantId: string;
  readonly status: ContractStatus;
  readonly startDate: string;
  readonly endDate: string;
  /** The instants the workflow waits for (epoch ms): 00:00 of the start date, the notice, 00:00 after the end date. */
  readonly activateAt: number;
  readonly expiryNoticeAt: number;
  readonly expireAt: number;
  readonly noticeDays: number;
  /** When the expiry notice for the current end date went out (epoch ms), if it did. */
  readonly noticeSentAt?: number;
  /** True once the tenant was closed because no active contract remained. */
  readonly tenantClosed: boolean;
  readonly revision: number;
  /** Workflow time of the last change. */
  readonly updatedAt: number;
}

/** An operator's signature (DRAFT → SIGNED). */
export interface SignRequest {
  readonly by: string;
}

/** New dates (either or both); the timers follow. */
export interface AmendRequest {
  readonly by: string;
  readonly startDate?: string;
  readonly endDate?: string;
}

/** Ending the contract early (→ TERMINATED). */
export interface TerminateRequest {
  readonly by: string;
  readonly reason: string;
}

/** Update `sign`: DRAFT → SIGNED (then ACTIVE on the start date, at once if it has come). */
export const signContractUpdate = defineUpdate<ContractLiveState, [SignRequest]>('sign');

/** Update `amend`: new dates; refused with core's code (CONTRACT_AMEND_INVALID, CONTRACT_END_NOT_AFTER_START, …). */
export const amendContractUpdate = defineUpdate<ContractLiveState, [AmendRequest]>('amend');

/** Update `terminate`: ends a DRAFT, SIGNED or ACTIVE contract now. */
export const terminateContractUpdate = defineUpdate<ContractLiveState, [TerminateRequest]>('terminate');

/** Query `contractState`. */
export const contractStateQuery = defineQuery<ContractLiveState>('contractState');

// Ports of contractWorkflow (TEN-4) and the activities built on them. Adapters implement the ports
// (the contract table of the platform database, the notifier); the workflow imports these
// activities with `import type` only.
import type { ContractEvent, ContractStatus } from '@chargeflow/core';

/** A contract's state as the workflow last decided it; written by revision, never backwards. */
export interface ContractStateRecord {
  readonly tenantId: string;
  readonly contractNo: string;
  readonly status: ContractStatus;
  /** What changed it: a lifecycle event, or AMEND (new dates). */
  readonly event: ContractEvent | 'AMEND';
  readonly startDate: string;
  readonly endDate: string;
  /** Counts every change the workflow made (1 = created); a lower revision never overwrites a higher one. */
  readonly revision: number;
  /** Workflow time of the change (epoch ms). */
  readonly at: number;
  /** Who asked for it (an operator id), absent for a timer. */
  readonly by?: string;
  readonly reason?: string;
}

/** The expiry notice to the tenant (TEN-4), sent ahead of the end date. */
export interface ExpiryNotice {
  /** `<contractNo>:EXPIRY:<endDate>`: the idempotency key (a retried send records nothing new). */
  readonly noticeId: string;
  readonly tenantId: string;
  readonly contractNo: string;
  readonly endDate: string;
  /** 00:00 after the end date, epoch ms. */
  readonly expireAt: number;
  readonly recipient: { readonly name: string; readonly phone: string };
  /** Workflow time of the send (epoch ms). */
  readonly at: number;
}

/** The contract table as the workflow sees it (the workflow is the single writer of its contract's state). */
export interface ContractStore {
  /** Idempotent: writes the state unless a record of the same or a higher revision is there. */
  recordState(record: ContractStateRecord): Promise<void>;
  /**
   * TEN-4: closes the tenant when none of its contracts is ACTIVE any more (under a lock of the
   * tenant's row, so a concurrent activation is either seen or comes after). True when it closed it.
   */
  closeTenantWithoutActiveContract(request: {
    readonly tenantId: string;
    readonly contractNo: string;
    readonly at: number;
  }): Promise<boolean>;
}

/** The channel notices reach tenants through (a port; the sandbox records what was sent). */
export interface ContractNotifier {
  /** Sends a notice; idempotent by `noticeId`. Rejects on a provider failure (the activity retries). */
  sendExpiryNotice(notice: ExpiryNotice): Promise<void>;
}

/** Everything the contract activities need; the composition root builds the real ones. */
export interface ContractPorts {
  readonly store: ContractStore;
  readonly notifier: ContractNotifier;
}

/** Activities of `contractWorkflow`. Every one is safe to retry. */
export interface ContractActivities {
  recordContractState(record: ContractStateRecord): Promise<void>;
  sendExpiryNotice(notice: ExpiryNotice): Promise<void>;
  closeTenantWithoutActiveContract(request: {
    readonly tenantId: string;
    readonly contractNo: string;
    readonly at: number;
  }): Promise<boolean>;
}

/** Builds the contract activities over the given ports (register them on the worker). */
export function createContractActivities(ports: ContractPorts): ContractActivities {
  return {
    recordContractState: (record) => ports.store.recordState(record),
    sendExpiryNotice: (notice) => ports.notifier.sendExpiryNotice(notice),
    closeTenantWithoutActiveContract: (request) => ports.store.closeTenantWithoutActiveContract(request),
  };
}

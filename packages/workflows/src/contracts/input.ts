// Input, id and start options of contractWorkflow (TEN-4).
import type { ContractStatus } from '@chargeflow/core';

/** What a contract workflow is started with. */
export interface ContractWorkflowInput {
  readonly tenantId: string;
  readonly contractNo: string;
  readonly startDate: string;
  readonly endDate: string;
  /** Days ahead of expiry the notice goes out (TEN-4, configurable; core's default is 30). */
  readonly noticeDays: number;
  /** The zone the dates are read in (default Asia/Shanghai). */
  readonly zone?: string;
  /** Who the expiry notice goes to (party A's contact). */
  readonly recipient: { readonly name: string; readonly phone: string };
  /** The state to begin from (DRAFT for a new contract). */
  readonly status?: ContractStatus;
}

/** The workflow id of a contract: `contract-<tenantId>-<contractNo>` (a repeated start finds the same run). */
export const contractWorkflowId = (tenantId: string, contractNo: string): string =>
  `contract-${tenantId}-${contractNo}`;

/**
 * Client options that start a contract idempotently: the workflow id is the business id, a running
 * contract is reused (USE_EXISTING) and a closed one is never started again (REJECT_DUPLICATE).
 */
export function contractStartOptions(
  input: ContractWorkflowInput,
  taskQueue: string,
): {
  readonly workflowId: string;
  readonly taskQueue: string;
  readonly args: [ContractWorkflowInput];
  readonly workflowIdReusePolicy: 'REJECT_DUPLICATE';
  readonly workflowIdConflictPolicy: 'USE_EXISTING';
} {
  return {
    workflowId: contractWorkflowId(input.tenantId, input.contractNo),
    taskQueue,
    args: [input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowIdConflictPolicy: 'USE_EXISTING',
  };
}

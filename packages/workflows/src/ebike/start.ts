import { chargingWorkflowId } from '../charging/input.js';
import type { EbikeSessionInput } from './input.js';

/**
 * Client options that start an e-bike session idempotently (workflow id = the business id, a running
 * one is reused, a closed one never started again). Use with
 * `client.workflow.start(ebikeSessionWorkflow, ebikeStartOptions(input, TASK_QUEUE))`.
 */
export function ebikeStartOptions(
  input: EbikeSessionInput,
  taskQueue: string,
): {
  readonly workflowId: string;
  readonly taskQueue: string;
  readonly args: [EbikeSessionInput];
  readonly workflowIdReusePolicy: 'REJECT_DUPLICATE';
  readonly workflowIdConflictPolicy: 'USE_EXISTING';
} {
  return {
    workflowId: chargingWorkflowId(input.tenantId, input.orderNo),
    taskQueue,
    args: [input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowIdConflictPolicy: 'USE_EXISTING',
  };
}

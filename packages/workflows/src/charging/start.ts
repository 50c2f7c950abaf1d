import type { ChargingSessionInput } from './input.js';
import { chargingWorkflowId } from './input.js';

/**
 * Client options that start a charging session idempotently: the workflow id is the business id, a
 * running session is reused (USE_EXISTING), and a closed one is never started again (REJECT_DUPLICATE).
 * Use with `client.workflow.start(chargingSessionWorkflow, chargingStartOptions(input, TASK_QUEUE))`.
 */
export function chargingStartOptions(
  input: ChargingSessionInput,
  taskQueue: string,
): {
  readonly workflowId: string;
  readonly taskQueue: string;
  readonly args: [ChargingSessionInput];
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

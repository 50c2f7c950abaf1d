import {
  DEFAULT_REFUND_TIMINGS,
  refundWorkflowId,
  type RefundWorkflowInput,
  type refundWorkflow,
} from '@chargeflow/workflows';
import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';

/** Where refund attempts run: the Temporal client and the task queue of refundWorkflow. */
export interface RefundWorkflowStarter {
  readonly workflows: Pick<WorkflowClient, 'start'>;
  readonly taskQueue: string;
  readonly timings?: Omit<RefundWorkflowInput, 'tenantId' | 'refundNo'>;
}

/**
 * REF-2: starts refundWorkflow for one attempt of a refund. Its id names the attempt, so a repeated
 * start (an activity retried after a crash) finds the running or finished attempt and starts nothing.
 */
export async function startRefundAttempt(
  starter: RefundWorkflowStarter,
  tenantId: string,
  refundNo: string,
  attempt: number,
): Promise<void> {
  const input: RefundWorkflowInput = {
    tenantId,
    refundNo,
    ...(starter.timings ?? DEFAULT_REFUND_TIMINGS),
  };
  try {
    await starter.workflows.start<typeof refundWorkflow>('refundWorkflow', {
      workflowId: refundWorkflowId(tenantId, refundNo, attempt),
      taskQueue: starter.taskQueue,
      args: [input],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

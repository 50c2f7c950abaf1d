import { refundSettledSignal, refundWorkflowId } from '@chargeflow/workflows';
import { WorkflowNotFoundError, type WorkflowClient } from '@temporalio/client';
import type { RefundNoticeListener } from './callback-inbox.js';

/**
 * REF-2: tells the refund's workflow that a callback settled it, so it stops waiting at once. A
 * refund without a running workflow (one waited for by `StationPaymentChannels.refund`, a finished
 * attempt) is fine: the ledger already holds the result.
 */
export function signalRefundSettled(workflows: Pick<WorkflowClient, 'getHandle'>): RefundNoticeListener {
  return async (tenantId, refundNo, attempt) => {
    try {
      await workflows.getHandle(refundWorkflowId(tenantId, refundNo, attempt)).signal(refundSettledSignal);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  };
}

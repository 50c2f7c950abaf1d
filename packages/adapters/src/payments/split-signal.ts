import { splitSettledSignal, splitWorkflowId } from '@chargeflow/workflows';
import { WorkflowNotFoundError, type WorkflowClient } from '@temporalio/client';
import type { SplitNoticeListener } from './split-callbacks.js';

/**
 * SPL-1: tells the split's current workflow round that a callback settled one of its parts, so it
 * stops waiting at once. A finished round is fine: the ledger already holds the result.
 */
export function signalSplitSettled(workflows: Pick<WorkflowClient, 'getHandle'>): SplitNoticeListener {
  return async (tenantId, orderNo, round) => {
    try {
      await workflows.getHandle(splitWorkflowId(tenantId, orderNo, round)).signal(splitSettledSignal);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  };
}

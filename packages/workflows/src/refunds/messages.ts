// Messages of refundWorkflow, defined beside it; clients import these definitions.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { RefundProgress } from './activities.js';

/** Input of refundWorkflow: one attempt of one refund (REF-2). */
export interface RefundWorkflowInput {
  readonly tenantId: string;
  readonly refundNo: string;
  /** How long to wait for the channel's callback before asking the channel (ms). */
  readonly callbackTimeoutMs: number;
  /** How often to ask again while the channel has no result (ms). */
  readonly pollMs: number;
  /** After this long without a result the attempt ends REFUNDING (an operator looks at it) (ms). */
  readonly giveUpAfterMs: number;
}

/** The callback inbox tells the workflow that a callback settled its refund. */
export const refundSettledSignal = defineSignal('refundSettled');
/** The refund's state as the workflow last saw it. */
export const refundStatusQuery = defineQuery<RefundProgress | null>('refundStatus');

/** One workflow per attempt of a refund (REF-2: a retry is attempt 2, 3, …). */
export const refundWorkflowId = (tenantId: string, refundNo: string, attempt: number): string =>
  `refund-${tenantId}-${refundNo}-${attempt}`;

/** Timings of refund attempts when the caller sets none. */
export const DEFAULT_REFUND_TIMINGS = {
  callbackTimeoutMs: 60_000,
  pollMs: 60_000,
  giveUpAfterMs: 86_400_000,
};

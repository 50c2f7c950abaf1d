// Messages of splitWorkflow, defined beside it; clients import these definitions.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SplitProgress } from './activities.js';

/** Input of splitWorkflow: one round of one order's split (SPL-1). */
export interface SplitWorkflowInput {
  readonly tenantId: string;
  readonly orderNo: string;
  /** 0: plan and send the split after settlement; n > 0: carry the parts an operator retried or reversed. */
  readonly round: number;
  /** How long to wait for the channel's callbacks before asking the channel (ms). */
  readonly callbackTimeoutMs: number;
  /** How often to ask again while the channel has no result (ms). */
  readonly pollMs: number;
  /** After this long without every result the round ends with parts still open (an operator looks) (ms). */
  readonly giveUpAfterMs: number;
}

/** The callback inbox tells the workflow that a callback settled one of its parts. */
export const splitSettledSignal = defineSignal('splitSettled');
/** The split's state as the workflow last saw it. */
export const splitStatusQuery = defineQuery<SplitProgress | null>('splitStatus');

/**
 * One workflow per round of an order's split: round 0 is `split-<tenant>-<orderNo>` (a repeated start
 * after settlement is refused by Temporal, so an order is split once), operator rounds add `-<round>`.
 */
export const splitWorkflowId = (tenantId: string, orderNo: string, round = 0): string =>
  round === 0 ? `split-${tenantId}-${orderNo}` : `split-${tenantId}-${orderNo}-${round}`;

/** Timings of split rounds when the caller sets none. */
export const DEFAULT_SPLIT_TIMINGS = {
  callbackTimeoutMs: 60_000,
  pollMs: 60_000,
  giveUpAfterMs: 86_400_000,
};

import type { Fen } from '../money/fen.js';
import { runTransition, type LifecycleSpec, type Transition } from '../lifecycle/table.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { allocateSplit, type SplitAllocation, type SplitShare } from './split-allocation.js';

/** SPL-1: split record states. */
export const SPLIT_STATUSES = [
  'PENDING',
  'PROCESSING',
  'SUCCEEDED',
  'FAILED',
  'REVERSING',
  'REVERSED',
] as const;
/** A split state. */
export type SplitStatus = (typeof SPLIT_STATUSES)[number];

/** Kinds of split events. */
export const SPLIT_EVENT_KINDS = [
  'SUBMIT',
  'CHANNEL_SUCCEEDED',
  'CHANNEL_FAILED',
  'RETRY',
  'REVERSE',
  'REVERSE_SUCCEEDED',
  'REVERSE_FAILED',
] as const;
/** A split event kind. */
export type SplitEventKind = (typeof SPLIT_EVENT_KINDS)[number];

/** A split record (分账记录) of one order. */
export interface SplitRecord {
  readonly splitNo: string;
  readonly orderNo: string;
  readonly stationId: string;
  readonly amount: Fen;
  readonly allocation: SplitAllocation;
  readonly status: SplitStatus;
  readonly attempts: number;
  readonly operatorId?: string;
  readonly failureReason?: string;
  readonly createdAt: number;
}

/** Events of a split; RETRY and REVERSE are operator actions. */
export type SplitEvent =
  | { readonly kind: 'SUBMIT' | 'CHANNEL_SUCCEEDED' | 'REVERSE_SUCCEEDED'; readonly at: number }
  | { readonly kind: 'CHANNEL_FAILED' | 'REVERSE_FAILED'; readonly at: number; readonly reason: string }
  | { readonly kind: 'RETRY' | 'REVERSE'; readonly at: number; readonly operatorId: string };

/** Effects of a split: instruct the payment channel. */
export type SplitEffect =
  | {
      readonly type: 'SUBMIT_CHANNEL_SPLIT';
      readonly splitNo: string;
      readonly allocation: SplitAllocation;
      readonly attempt: number;
    }
  | {
      readonly type: 'SUBMIT_CHANNEL_SPLIT_REVERSAL';
      readonly splitNo: string;
      readonly allocation: SplitAllocation;
    };

const I = 'IGNORE' as const;
const F = 'FORBIDDEN' as const;

/** SPL-1 table: failed splits can be retried; a successful split can be reversed (撤销); a failed reversal leaves it SUCCEEDED. */
export const SPLIT_LIFECYCLE: LifecycleSpec<SplitStatus, SplitEventKind> = {
  name: 'split',
  states: SPLIT_STATUSES,
  kinds: SPLIT_EVENT_KINDS,
  initial: ['PENDING'],
  final: ['REVERSED'],
  illegalCode: 'SPLIT_ILLEGAL_TRANSITION',
  table: {
    PENDING: {
      SUBMIT: ['PROCESSING'],
      CHANNEL_SUCCEEDED: F,
      CHANNEL_FAILED: F,
      RETRY: F,
      REVERSE: F,
      REVERSE_SUCCEEDED: F,
      REVERSE_FAILED: F,
    },
    PROCESSING: {
      SUBMIT: I,
      CHANNEL_SUCCEEDED: ['SUCCEEDED'],
      CHANNEL_FAILED: ['FAILED'],
      RETRY: F,
      REVERSE: F,
      REVERSE_SUCCEEDED: F,
      REVERSE_FAILED: F,
    },
    SUCCEEDED: {
      SUBMIT: I,
      CHANNEL_SUCCEEDED: I,
      CHANNEL_FAILED: I,
      RETRY: F,
      REVERSE: ['REVERSING'],
      REVERSE_SUCCEEDED: I,
      REVERSE_FAILED: I,
    },
    FAILED: {
      SUBMIT: F,
      CHANNEL_SUCCEEDED: I,
      CHANNEL_FAILED: I,
      RETRY: ['PROCESSING'],
      REVERSE: F,
      REVERSE_SUCCEEDED: F,
      REVERSE_FAILED: F,
    },
    REVERSING: {
      SUBMIT: I,
      CHANNEL_SUCCEEDED: I,
      CHANNEL_FAILED: I,
      RETRY: F,
      REVERSE: I,
      REVERSE_SUCCEEDED: ['REVERSED'],
      REVERSE_FAILED: ['SUCCEEDED'],
    },
    REVERSED: {
      SUBMIT: I,
      CHANNEL_SUCCEEDED: I,
      CHANNEL_FAILED: I,
      RETRY: F,
      REVERSE: F,
      REVERSE_SUCCEEDED: I,
      REVERSE_FAILED: I,
    },
  },
};

/** What planning a split needs: the order, the amount received and the station's split configuration. */
export interface PlanSplitInput {
  readonly splitNo: string;
  readonly orderNo: string;
  readonly stationId: string;
  readonly orderStatus: string;
  /** The amount to split: what the order actually brought in (fee − fee refunds). */
  readonly amount: Fen;
  readonly config: {
    readonly enabled: boolean;
    readonly leadMerchantId: string;
    readonly shares: readonly SplitShare[];
  };
  readonly at: number;
}

/** SPL-1: a completed order with a positive amount at a station with splits on gets a PENDING split; otherwise SPLIT_NOT_APPLICABLE. */
export function planSplit(input: PlanSplitInput): Result<SplitRecord> {
  if (!input.config.enabled || input.orderStatus !== 'COMPLETED' || input.amount <= 0n) {
    return err(
      new DomainError(
        'SPLIT_NOT_APPLICABLE',
        'only a completed paid order at a station with splits on is split',
        {
          orderNo: input.orderNo,
          status: input.orderStatus,
          amount: input.amount,
          enabled: input.config.enabled,
        },
      ),
    );
  }
  const allocation = allocateSplit(input.amount, input.config.leadMerchantId, input.config.shares);
  if (!allocation.ok) return allocation;
  const { splitNo, orderNo, stationId, amount, at } = input;
  return ok({
    splitNo,
    orderNo,
    stationId,
    amount,
    allocation: allocation.value,
    status: 'PENDING',
    attempts: 0,
    createdAt: at,
  });
}

type Step = Result<Transition<SplitRecord, SplitEffect>>;

/** SPL-1: one step of a split record. */
export function transitionSplit(state: SplitRecord, event: SplitEvent): Step {
  return runTransition(SPLIT_LIFECYCLE, state, event, (s, e): Step => {
    const { failureReason: _f, ...clean } = s;
    switch (e.kind) {
      case 'SUBMIT':
      case 'RETRY': {
        const attempt = s.attempts + 1;
        return ok({
          state: {
            ...clean,
            status: 'PROCESSING',
            attempts: attempt,
            ...(e.kind === 'RETRY' ? { operatorId: e.operatorId } : {}),
          },
          effects: [{ type: 'SUBMIT_CHANNEL_SPLIT', splitNo: s.splitNo, allocation: s.allocation, attempt }],
        });
      }
      case 'CHANNEL_SUCCEEDED':
        return ok({ state: { ...clean, status: 'SUCCEEDED' }, effects: [] });
      case 'CHANNEL_FAILED':
        return ok({ state: { ...s, status: 'FAILED', failureReason: e.reason }, effects: [] });
      case 'REVERSE':
        return ok({
          state: { ...clean, status: 'REVERSING', operatorId: e.operatorId },
          effects: [{ type: 'SUBMIT_CHANNEL_SPLIT_REVERSAL', splitNo: s.splitNo, allocation: s.allocation }],
        });
      case 'REVERSE_SUCCEEDED':
        return ok({ state: { ...clean, status: 'REVERSED' }, effects: [] });
      case 'REVERSE_FAILED':
        return ok({ state: { ...s, status: 'SUCCEEDED', failureReason: e.reason }, effects: [] });
    }
  });
}

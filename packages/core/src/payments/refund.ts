import type { Fen } from '../money/fen.js';
import { runTransition, type LifecycleSpec, type Transition } from '../lifecycle/table.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { REFUND_STATUSES, refundableAmount, type RefundStatus, type RefundType } from './refund-limit.js';

/** REF-2: a refund (退费) of a payment. */
export interface Refund {
  readonly refundNo: string;
  readonly orderNo: string;
  readonly paymentNo: string;
  readonly type: RefundType;
  readonly amount: Fen;
  readonly status: RefundStatus;
  readonly reason: string;
  readonly operatorId?: string;
  readonly channelRefundNo?: string;
  readonly failureReason?: string;
  readonly requestedAt: number;
  readonly refundedAt?: number;
  readonly attempts: number;
}

/** Kinds of refund events. */
export const REFUND_EVENT_KINDS = ['SUBMIT', 'CHANNEL_SUCCEEDED', 'CHANNEL_FAILED', 'RETRY'] as const;
/** A refund event kind. */
export type RefundEventKind = (typeof REFUND_EVENT_KINDS)[number];

/** Events of a refund; RETRY carries the limit computed (refundableAmount) inside the adapter's transaction. */
export type RefundEvent =
  | { readonly kind: 'SUBMIT'; readonly at: number }
  | { readonly kind: 'CHANNEL_SUCCEEDED'; readonly at: number; readonly channelRefundNo: string }
  | { readonly kind: 'CHANNEL_FAILED'; readonly at: number; readonly reason: string }
  | { readonly kind: 'RETRY'; readonly at: number; readonly refundable: Fen; readonly operatorId: string };

/** Effect of a refund: ask the payment channel to pay the money back. */
export type RefundEffect = {
  readonly type: 'SUBMIT_CHANNEL_REFUND';
  readonly refundNo: string;
  readonly paymentNo: string;
  readonly amount: Fen;
  readonly attempt: number;
};

const I = 'IGNORE' as const;
const F = 'FORBIDDEN' as const;

/**
 * REF-2 table: PENDING → REFUNDING → REFUNDED | FAILED; FAILED → REFUNDING on retry; repeated channel
 * results are ignored; a success reported after a failure is accepted (the money did leave).
 */
export const REFUND_LIFECYCLE: LifecycleSpec<RefundStatus, RefundEventKind> = {
  name: 'refund',
  states: REFUND_STATUSES,
  kinds: REFUND_EVENT_KINDS,
  initial: ['PENDING'],
  final: ['REFUNDED'],
  illegalCode: 'REFUND_ILLEGAL_TRANSITION',
  table: {
    PENDING: { SUBMIT: ['REFUNDING'], CHANNEL_SUCCEEDED: F, CHANNEL_FAILED: F, RETRY: F },
    REFUNDING: { SUBMIT: I, CHANNEL_SUCCEEDED: ['REFUNDED'], CHANNEL_FAILED: ['FAILED'], RETRY: F },
    REFUNDED: { SUBMIT: I, CHANNEL_SUCCEEDED: I, CHANNEL_FAILED: I, RETRY: F },
    FAILED: { SUBMIT: F, CHANNEL_SUCCEEDED: ['REFUNDED'], CHANNEL_FAILED: I, RETRY: ['REFUNDING'] },
  },
};

/** What a refund request needs; `order` is the charging order's status and settled fee. */
export interface RefundRequest {
  readonly refundNo: string;
  readonly orderNo: string;
  readonly paymentNo: string;
  readonly type: RefundType;
  readonly amount: Fen;
  readonly reason: string;
  readonly operatorId?: string;
  readonly at: number;
  readonly order: { readonly status: string; readonly fee: Fen };
  readonly paid: Fen;
  /** Every refund of the payment so far (any state). */
  readonly refunds: readonly Refund[];
}

/** Error codes of refunds. */
export type RefundErrorCode =
  | 'REFUND_EXCEEDS_LIMIT'
  | 'REFUND_ORDER_NOT_REFUNDABLE'
  | 'REFUND_AMOUNT_INVALID'
  | 'REFUND_ILLEGAL_TRANSITION';

/**
 * REF-1: a FEE_REFUND needs a COMPLETED order with fee > 0; a PREPAY_RETURN a settled order
 * (COMPLETED or ABNORMAL). Any amount in (0, refundable]. A request whose refundNo exists returns it (idempotent).
 */
export function requestRefund(input: RefundRequest): Result<Refund> {
  const existing = input.refunds.find((r) => r.refundNo === input.refundNo);
  if (existing !== undefined) return ok(existing);
  const { order, type, amount } = input;
  const eligible =
    type === 'FEE_REFUND'
      ? order.status === 'COMPLETED' && order.fee > 0n
      : order.status === 'COMPLETED' || order.status === 'ABNORMAL';
  if (!eligible) {
    return err(
      new DomainError('REFUND_ORDER_NOT_REFUNDABLE', `a ${type} is not allowed for this order`, {
        orderNo: input.orderNo,
        status: order.status,
        fee: order.fee,
      }),
    );
  }
  if (amount <= 0n)
    return err(new DomainError('REFUND_AMOUNT_INVALID', 'a refund must be positive', { requested: amount }));
  const refundable = refundableAmount(input.paid, input.refunds);
  if (amount > refundable) {
    return err(
      new DomainError('REFUND_EXCEEDS_LIMIT', 'the refund exceeds what is refundable', {
        requested: amount,
        refundable,
      }),
    );
  }
  return ok({
    refundNo: input.refundNo,
    orderNo: input.orderNo,
    paymentNo: input.paymentNo,
    type,
    amount,
    status: 'PENDING',
    reason: input.reason,
    ...(input.operatorId === undefined ? {} : { operatorId: input.operatorId }),
    requestedAt: input.at,
    attempts: 0,
  });
}

type Step = Result<Transition<Refund, RefundEffect>>;

/** REF-2: one step of a refund; a retry is refused with REFUND_EXCEEDS_LIMIT when the limit no longer covers it. */
export function transitionRefund(state: Refund, event: RefundEvent): Step {
  return runTransition(REFUND_LIFECYCLE, state, event, (s, e): Step => {
    switch (e.kind) {
      case 'SUBMIT':
      case 'RETRY': {
        if (e.kind === 'RETRY' && s.amount > e.refundable) {
          return err(
            new DomainError('REFUND_EXCEEDS_LIMIT', 'the retried refund exceeds what is refundable', {
              requested: s.amount,
              refundable: e.refundable,
            }),
          );
        }
        const attempt = s.attempts + 1;
        const { failureReason: _dropped, ...rest } = s;
        return ok({
          state: {
            ...rest,
            status: 'REFUNDING',
            attempts: attempt,
            ...(e.kind === 'RETRY' ? { operatorId: e.operatorId } : {}),
          },
          effects: [
            {
              type: 'SUBMIT_CHANNEL_REFUND',
              refundNo: s.refundNo,
              paymentNo: s.paymentNo,
              amount: s.amount,
              attempt,
            },
          ],
        });
      }
      case 'CHANNEL_SUCCEEDED':
        return ok({
          state: { ...s, status: 'REFUNDED', channelRefundNo: e.channelRefundNo, refundedAt: e.at },
          effects: [],
        });
      case 'CHANNEL_FAILED':
        return ok({ state: { ...s, status: 'FAILED', failureReason: e.reason }, effects: [] });
    }
  });
}

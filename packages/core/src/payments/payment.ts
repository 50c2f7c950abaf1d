import type { Fen } from '../money/fen.js';
import { runTransition, type LifecycleSpec, type Transition } from '../lifecycle/table.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** PAY-1: payment order states. */
export const PAYMENT_STATUSES = [
  'NONE',
  'UNPAID',
  'PAY_PROCESSING',
  'PAY_SUCCESS',
  'PAY_FAILED',
  'REFUNDING',
  'REFUNDED',
  'REFUND_FAILED',
] as const;
/** A payment state. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Kinds of payment events: our own steps and the channel's (verified) callbacks. */
export const PAYMENT_EVENT_KINDS = [
  'CREATE',
  'SUBMIT',
  'CALLBACK_PAID',
  'CALLBACK_FAILED',
  'EXPIRE',
  'REFUND_REQUESTED',
  'REFUND_CONFIRMED',
  'REFUND_REJECTED',
] as const;
/** A payment event kind. */
export type PaymentEventKind = (typeof PAYMENT_EVENT_KINDS)[number];

/** A payment order (支付订单) taken through a channel (LeShua, Suixingfu, WeChat Pay). */
export interface PaymentState {
  readonly paymentNo: string;
  readonly orderNo: string;
  readonly channel: string;
  readonly amount: Fen;
  readonly status: PaymentStatus;
  readonly channelTxnId?: string;
  readonly paidAt?: number;
  /** The raw body of the last callback that changed the state (the adapter also stores every raw callback). */
  readonly lastCallbackRaw?: string;
}

/** A channel callback: verified by the adapter (signature), kept raw. */
interface Callback {
  readonly at: number;
  readonly verified: boolean;
  readonly raw: string;
  readonly channelTxnId: string;
}

/** Events of a payment. */
export type PaymentEvent =
  | { readonly kind: 'CREATE'; readonly at: number }
  | { readonly kind: 'SUBMIT'; readonly at: number }
  | ({ readonly kind: 'CALLBACK_PAID'; readonly amount: Fen } & Callback)
  | ({ readonly kind: 'CALLBACK_FAILED'; readonly reason: string } & Callback)
  /** PAY-1: an unpaid payment whose time ran out (the order was never funded); a late success still counts. */
  | { readonly kind: 'EXPIRE'; readonly at: number }
  | { readonly kind: 'REFUND_REQUESTED'; readonly at: number }
  | { readonly kind: 'REFUND_CONFIRMED'; readonly at: number }
  | { readonly kind: 'REFUND_REJECTED'; readonly at: number };

/** Effects of a payment: the order it funds may proceed. */
export type PaymentEffect = {
  readonly type: 'PAYMENT_CONFIRMED';
  readonly paymentNo: string;
  readonly orderNo: string;
  readonly amount: Fen;
};

const I = 'IGNORE' as const;
const F = 'FORBIDDEN' as const;
const row = (cells: Partial<Record<PaymentEventKind, readonly PaymentStatus[] | 'IGNORE'>>) =>
  Object.fromEntries(PAYMENT_EVENT_KINDS.map((k) => [k, cells[k] ?? F])) as Record<
    PaymentEventKind,
    readonly PaymentStatus[] | 'IGNORE' | 'FORBIDDEN'
  >;
const REFUNDABLE = { REFUND_REQUESTED: ['REFUNDING'] as const };

/**
 * PAY-1 table. A late success after a failure or an expiry is accepted (the money was taken); a
 * failure or expiry after success is ignored; a repeated success callback is checked by channelTxnId.
 */
export const PAYMENT_LIFECYCLE: LifecycleSpec<PaymentStatus, PaymentEventKind> = {
  name: 'payment',
  states: PAYMENT_STATUSES,
  kinds: PAYMENT_EVENT_KINDS,
  initial: ['NONE'],
  final: [],
  illegalCode: 'PAYMENT_ILLEGAL_TRANSITION',
  table: {
    NONE: row({ CREATE: ['UNPAID'] }),
    UNPAID: row({
      SUBMIT: ['PAY_PROCESSING'],
      CALLBACK_PAID: ['PAY_SUCCESS'],
      CALLBACK_FAILED: ['PAY_FAILED'],
      EXPIRE: ['PAY_FAILED'],
    }),
    PAY_PROCESSING: row({
      SUBMIT: I,
      CALLBACK_PAID: ['PAY_SUCCESS'],
      CALLBACK_FAILED: ['PAY_FAILED'],
      EXPIRE: ['PAY_FAILED'],
    }),
    PAY_SUCCESS: row({ CALLBACK_PAID: ['PAY_SUCCESS'], CALLBACK_FAILED: I, EXPIRE: I, ...REFUNDABLE }),
    PAY_FAILED: row({ CALLBACK_PAID: ['PAY_SUCCESS'], CALLBACK_FAILED: I, EXPIRE: I }),
    REFUNDING: row({
      CALLBACK_PAID: I,
      CALLBACK_FAILED: I,
      EXPIRE: I,
      REFUND_REQUESTED: I,
      REFUND_CONFIRMED: ['REFUNDED'],
      REFUND_REJECTED: ['REFUND_FAILED'],
    }),
    // Several refunds of one payment settle in any order: the state follows the latest answer.
    REFUNDED: row({
      CALLBACK_PAID: I,
      CALLBACK_FAILED: I,
      EXPIRE: I,
      REFUND_CONFIRMED: I,
      REFUND_REJECTED: I,
      ...REFUNDABLE,
    }),
    REFUND_FAILED: row({
      CALLBACK_PAID: I,
      CALLBACK_FAILED: I,
      EXPIRE: I,
      REFUND_REJECTED: I,
      REFUND_CONFIRMED: ['REFUNDED'],
      ...REFUNDABLE,
    }),
  },
};

type Step = Result<Transition<PaymentState, PaymentEffect>>;

/** PAY-1: one step of a payment; callbacks must be verified, match the amount and are idempotent by channelTxnId. */
export function transitionPayment(state: PaymentState, event: PaymentEvent): Step {
  if ((event.kind === 'CALLBACK_PAID' || event.kind === 'CALLBACK_FAILED') && !event.verified) {
    return err(
      new DomainError('PAYMENT_CALLBACK_UNVERIFIED', 'the channel callback failed verification', {
        paymentNo: state.paymentNo,
      }),
    );
  }
  return runTransition(PAYMENT_LIFECYCLE, state, event, apply);
}

function apply(s: PaymentState, e: PaymentEvent): Step {
  switch (e.kind) {
    case 'CALLBACK_PAID': {
      if (e.amount !== s.amount) {
        return err(
          new DomainError('PAYMENT_AMOUNT_MISMATCH', 'the paid amount differs from the order', {
            expected: s.amount,
            paid: e.amount,
          }),
        );
      }
      if (s.status === 'PAY_SUCCESS') {
        if (s.channelTxnId === e.channelTxnId) return ok({ state: s, effects: [] });
        return err(
          new DomainError('PAYMENT_CALLBACK_CONFLICT', 'a second, different success callback', {
            known: s.channelTxnId,
            received: e.channelTxnId,
          }),
        );
      }
      return ok({
        state: {
          ...s,
          status: 'PAY_SUCCESS',
          channelTxnId: e.channelTxnId,
          paidAt: e.at,
          lastCallbackRaw: e.raw,
        },
        effects: [
          { type: 'PAYMENT_CONFIRMED', paymentNo: s.paymentNo, orderNo: s.orderNo, amount: s.amount },
        ],
      });
    }
    case 'CALLBACK_FAILED':
      return ok({ state: { ...s, status: 'PAY_FAILED', lastCallbackRaw: e.raw }, effects: [] });
    case 'EXPIRE':
      return ok({ state: { ...s, status: 'PAY_FAILED' }, effects: [] });
    case 'CREATE':
      return ok({ state: { ...s, status: 'UNPAID' }, effects: [] });
    case 'SUBMIT':
      return ok({ state: { ...s, status: 'PAY_PROCESSING' }, effects: [] });
    case 'REFUND_REQUESTED':
      return ok({ state: { ...s, status: 'REFUNDING' }, effects: [] });
    case 'REFUND_CONFIRMED':
      return ok({ state: { ...s, status: 'REFUNDED' }, effects: [] });
    case 'REFUND_REJECTED':
      return ok({ state: { ...s, status: 'REFUND_FAILED' }, effects: [] });
  }
}

import { describe, expect, it } from 'vitest';
import type { Fen } from '../money/fen.js';
import { pairsOf, verifyStep } from '../lifecycle/table.js';
import {
  PAYMENT_LIFECYCLE,
  transitionPayment,
  type PaymentEvent,
  type PaymentEventKind,
  type PaymentState,
  type PaymentStatus,
} from './payment.js';

const base: PaymentState = {
  paymentNo: 'P1',
  orderNo: 'O1',
  channel: 'LESHUA',
  amount: 5000n as Fen,
  status: 'NONE',
};
const stateIn = (status: PaymentStatus): PaymentState =>
  status === 'NONE' || status === 'UNPAID' || status === 'PAY_PROCESSING'
    ? { ...base, status }
    : { ...base, status, channelTxnId: 'T1', paidAt: 1 };
const callback = { at: 2, verified: true, raw: '{}', channelTxnId: 'T1' };
const eventOf = (kind: PaymentEventKind): PaymentEvent => {
  if (kind === 'CALLBACK_PAID') return { kind, amount: 5000n as Fen, ...callback };
  if (kind === 'CALLBACK_FAILED') return { kind, reason: 'declined', ...callback };
  return { kind, at: 2 };
};
const all = [
  ...pairsOf(PAYMENT_LIFECYCLE, 'ALLOWED'),
  ...pairsOf(PAYMENT_LIFECYCLE, 'IGNORE'),
  ...pairsOf(PAYMENT_LIFECYCLE, 'FORBIDDEN'),
];

describe('payment lifecycle (PAY-1)', () => {
  it.each(all)('PAY-1 %s × %s follows the table', (status, kind) => {
    const from = stateIn(status);
    expect(verifyStep(PAYMENT_LIFECYCLE, from, kind, transitionPayment(from, eventOf(kind)))).toBeUndefined();
  });

  it('PAY-1 a verified success callback confirms the payment once and keeps the raw callback', () => {
    const first = transitionPayment(stateIn('PAY_PROCESSING'), {
      ...callback,
      kind: 'CALLBACK_PAID',
      amount: 5000n as Fen,
      raw: 'raw-1',
    });
    expect(first.ok && first.value.effects).toEqual([
      { type: 'PAYMENT_CONFIRMED', paymentNo: 'P1', orderNo: 'O1', amount: 5000n },
    ]);
    expect(first.ok && first.value.state.lastCallbackRaw).toBe('raw-1');
    const again = first.ok ? transitionPayment(first.value.state, eventOf('CALLBACK_PAID')) : first;
    expect(again.ok && again.value.effects).toEqual([]);
  });

  it('PAY-1 an unverified callback is refused', () => {
    const result = transitionPayment(stateIn('PAY_PROCESSING'), {
      ...callback,
      kind: 'CALLBACK_PAID',
      amount: 5000n as Fen,
      verified: false,
    });
    expect(!result.ok && result.error.code).toBe('PAYMENT_CALLBACK_UNVERIFIED');
  });

  it('PAY-1 a success callback with another amount or another transaction id is refused', () => {
    const wrong = transitionPayment(stateIn('PAY_PROCESSING'), {
      ...callback,
      kind: 'CALLBACK_PAID',
      amount: 1n as Fen,
    });
    expect(!wrong.ok && wrong.error.code).toBe('PAYMENT_AMOUNT_MISMATCH');
    const conflict = transitionPayment(stateIn('PAY_SUCCESS'), {
      ...callback,
      kind: 'CALLBACK_PAID',
      amount: 5000n as Fen,
      channelTxnId: 'T2',
    });
    expect(!conflict.ok && conflict.error.code).toBe('PAYMENT_CALLBACK_CONFLICT');
  });
});

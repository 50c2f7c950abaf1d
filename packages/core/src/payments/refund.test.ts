import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fen } from '../money/fen.js';
import { pairsOf, verifyStep } from '../lifecycle/table.js';
import { refundableAmount, type RefundStatus } from './refund-limit.js';
import {
  REFUND_LIFECYCLE,
  requestRefund,
  transitionRefund,
  type Refund,
  type RefundEvent,
  type RefundEventKind,
} from './refund.js';

const f = (n: number) => BigInt(n) as Fen;
const refund = (amount: number, status: RefundStatus, refundNo = `R${amount}${status}`): Refund => ({
  refundNo,
  orderNo: 'O1',
  paymentNo: 'P1',
  type: 'FEE_REFUND',
  amount: f(amount),
  status,
  reason: 'r',
  requestedAt: 0,
  attempts: status === 'PENDING' ? 0 : 1,
});
const completed = { status: 'COMPLETED', fee: f(3000) };
const request = (amount: number, refunds: readonly Refund[], extra: object = {}) =>
  requestRefund({
    refundNo: 'RN',
    orderNo: 'O1',
    paymentNo: 'P1',
    type: 'FEE_REFUND',
    amount: f(amount),
    reason: 'r',
    at: 5,
    order: completed,
    paid: f(5000),
    refunds,
    ...extra,
  });

describe('refund limit (REF-1)', () => {
  it('REF-1 refundable = paid − every refund not FAILED, PREPAY_RETURN included', () => {
    const prepayReturn = { ...refund(2000, 'REFUNDED'), type: 'PREPAY_RETURN' as const };
    expect(
      refundableAmount(f(5000), [
        prepayReturn,
        refund(500, 'REFUNDING'),
        refund(700, 'PENDING'),
        refund(900, 'FAILED'),
      ]),
    ).toBe(1800n);
  });

  it('REF-1 a fee refund up to the limit is allowed, one fen more is REFUND_EXCEEDS_LIMIT with the numbers', () => {
    const prior = [{ ...refund(2000, 'REFUNDED'), type: 'PREPAY_RETURN' as const }];
    expect(request(3000, prior).ok).toBe(true);
    const over = request(3001, prior);
    expect(!over.ok && over.error.code).toBe('REFUND_EXCEEDS_LIMIT');
    expect(!over.ok && over.error.details).toEqual({ requested: 3001n, refundable: 3000n });
  });

  it.each([
    [{ status: 'CHARGING', fee: f(3000) }],
    [{ status: 'COMPLETED', fee: f(0) }],
    [{ status: 'ABNORMAL', fee: f(0) }],
  ])('REF-1 a fee refund needs a COMPLETED order with fee > 0 (%o)', (order) => {
    const result = request(100, [], { order });
    expect(!result.ok && result.error.code).toBe('REFUND_ORDER_NOT_REFUNDABLE');
  });

  it('REF-1 a repeated request with the same refund no. returns the existing refund', () => {
    const existing = { ...refund(100, 'PENDING'), refundNo: 'RN' };
    const result = request(4000, [existing]);
    expect(result.ok && result.value).toBe(existing);
  });

  it('REF-1 a retry is refused when the freed amount was refunded meanwhile', () => {
    const failed = refund(3000, 'FAILED');
    const result = transitionRefund(failed, { kind: 'RETRY', at: 9, operatorId: 'op', refundable: f(2000) });
    expect(!result.ok && result.error.code).toBe('REFUND_EXCEEDS_LIMIT');
  });
});

const eventOf = (kind: RefundEventKind): RefundEvent => {
  if (kind === 'CHANNEL_SUCCEEDED') return { kind, at: 3, channelRefundNo: 'CR1' };
  if (kind === 'CHANNEL_FAILED') return { kind, at: 3, reason: 'channel down' };
  if (kind === 'RETRY') return { kind, at: 3, operatorId: 'op', refundable: f(5000) };
  return { kind, at: 3 };
};

describe('refund lifecycle (REF-2)', () => {
  const all = [
    ...pairsOf(REFUND_LIFECYCLE, 'ALLOWED'),
    ...pairsOf(REFUND_LIFECYCLE, 'IGNORE'),
    ...pairsOf(REFUND_LIFECYCLE, 'FORBIDDEN'),
  ];
  it.each(all)('REF-2 %s × %s follows the table', (status, kind) => {
    const from = refund(100, status);
    expect(verifyStep(REFUND_LIFECYCLE, from, kind, transitionRefund(from, eventOf(kind)))).toBeUndefined();
  });

  it('REF-2 submitting asks the channel to refund and a success keeps the channel refund no.', () => {
    const submitted = transitionRefund(refund(100, 'PENDING'), { kind: 'SUBMIT', at: 1 });
    expect(submitted.ok && submitted.value.effects).toEqual([
      { type: 'SUBMIT_CHANNEL_REFUND', refundNo: 'R100PENDING', paymentNo: 'P1', amount: 100n, attempt: 1 },
    ]);
    const done = submitted.ok
      ? transitionRefund(submitted.value.state, eventOf('CHANNEL_SUCCEEDED'))
      : submitted;
    expect(done.ok && done.value.state).toMatchObject({
      status: 'REFUNDED',
      channelRefundNo: 'CR1',
      refundedAt: 3,
    });
  });
});

type Op = { op: 'request'; amount: number } | { op: 'succeed' | 'fail' | 'retry'; pick: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('request' as const), amount: fc.integer({ min: -10, max: 3000 }) }),
  fc.record({ op: fc.constantFrom('succeed' as const, 'fail' as const, 'retry' as const), pick: fc.nat() }),
);

describe('refunds under random concurrent sequences (REF-1)', () => {
  it('REF-1 Σ refunds not FAILED never exceeds the amount paid, whatever the order of requests and channel results', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.array(opArb, { maxLength: 40 }),
        (paidNumber, ops) => {
          const paid = f(paidNumber);
          let refunds: Refund[] = [];
          const committedWithinPaid = () => {
            const committed = refunds.filter((r) => r.status !== 'FAILED').reduce((a, r) => a + r.amount, 0n);
            expect(committed).toBeLessThanOrEqual(paid);
          };
          ops.forEach((op, i) => {
            if (op.op === 'request') {
              const r = requestRefund({
                refundNo: `R${i}`,
                orderNo: 'O1',
                paymentNo: 'P1',
                type: 'FEE_REFUND',
                amount: f(op.amount),
                reason: 'r',
                at: i,
                order: completed,
                paid,
                refunds,
              });
              if (r.ok)
                refunds = [
                  ...refunds,
                  unwrapStep(transitionRefund(r.value, { kind: 'SUBMIT', at: i }), r.value),
                ];
              committedWithinPaid();
              return;
            }
            const target = refunds[op.pick % Math.max(1, refunds.length)];
            if (target === undefined) return;
            const event: RefundEvent =
              op.op === 'succeed'
                ? { kind: 'CHANNEL_SUCCEEDED', at: i, channelRefundNo: `C${i}` }
                : op.op === 'fail'
                  ? { kind: 'CHANNEL_FAILED', at: i, reason: 'x' }
                  : { kind: 'RETRY', at: i, operatorId: 'op', refundable: refundableAmount(paid, refunds) };
            if (target.status === 'FAILED' && event.kind === 'CHANNEL_SUCCEEDED') return; // the channel answers only live attempts
            refunds = refunds.map((r) => (r === target ? unwrapStep(transitionRefund(r, event), r) : r));
            committedWithinPaid();
          });
          expect(refundableAmount(paid, refunds)).toBeGreaterThanOrEqual(0n);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function unwrapStep(result: ReturnType<typeof transitionRefund>, fallback: Refund): Refund {
  return result.ok ? result.value.state : fallback;
}

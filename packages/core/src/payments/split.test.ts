import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fen } from '../money/fen.js';
import { pairsOf, verifyStep } from '../lifecycle/table.js';
import { allocateSplit, type SplitShare } from './split-allocation.js';
import {
  SPLIT_LIFECYCLE,
  planSplit,
  transitionSplit,
  type SplitEvent,
  type SplitEventKind,
  type SplitRecord,
  type SplitStatus,
} from './split.js';

const f = (n: number | bigint) => BigInt(n) as Fen;

describe('split allocation (SPL-1)', () => {
  it('SPL-1 100 fen split in thirds: largest remainder gives the odd fen to the first share', () => {
    const shares: SplitShare[] = [
      { merchantId: 'A', ratio: { decimal: '0.333333' } },
      { merchantId: 'B', ratio: { decimal: '0.333333' } },
      { merchantId: 'C', ratio: { decimal: '0.333334' } },
    ];
    const result = allocateSplit(f(100), 'LEAD', shares);
    expect(result.ok && result.value.shares.map((s) => s.amount)).toEqual([33n, 33n, 34n]);
    expect(result.ok && result.value.leadAmount).toBe(0n);
  });

  it('SPL-1 ratios below 100 % leave the rest, fractional fen included, with the lead merchant', () => {
    const result = allocateSplit(f(999), 'LEAD', [
      { merchantId: 'A', ratio: { bps: 3000 } },
      { merchantId: 'B', ratio: { bps: 2500 } },
    ]);
    // exact: 299.7 + 249.75 = 549.45 → receivers get 549; the spare fen goes to the larger remainder (.75)
    expect(result.ok && result.value.shares.map((s) => s.amount)).toEqual([299n, 250n]);
    expect(result.ok && result.value.leadAmount).toBe(450n);
  });

  it('SPL-1 ratios over 100 % are refused', () => {
    const result = allocateSplit(f(100), 'L', [
      { merchantId: 'A', ratio: { bps: 6000 } },
      { merchantId: 'B', ratio: { decimal: '0.41' } },
    ]);
    expect(!result.ok && result.error.code).toBe('SPLIT_RATIOS_EXCEED_WHOLE');
  });

  it('SPL-1 a malformed ratio is refused', () => {
    const result = allocateSplit(f(100), 'L', [{ merchantId: 'A', ratio: { decimal: '1e-2' } }]);
    expect(!result.ok && result.error.code).toBe('SPLIT_RATIO_INVALID');
  });

  it('SPL-1 split amounts always sum to the order amount, each within one fen of its exact share', () => {
    const shareArb = fc
      .array(fc.integer({ min: 0, max: 4000 }), { minLength: 1, maxLength: 6 })
      .filter((b) => b.reduce((a, x) => a + x, 0) <= 10_000);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), shareArb, (amount, bpsList) => {
        const result = allocateSplit(
          f(amount),
          'L',
          bpsList.map((bps, i) => ({ merchantId: `M${i}`, ratio: { bps } })),
        );
        if (!result.ok) throw result.error;
        const total = result.value.leadAmount + result.value.shares.reduce((a, s) => a + s.amount, 0n);
        expect(total).toBe(amount);
        result.value.shares.forEach((s, i) => {
          const exactTimes10k = amount * BigInt(bpsList[i] ?? 0);
          expect(s.amount * 10_000n - exactTimes10k).toBeLessThan(10_000n);
          expect(exactTimes10k - s.amount * 10_000n).toBeLessThan(10_000n);
          expect(s.amount).toBeGreaterThanOrEqual(0n);
        });
        expect(result.value.leadAmount).toBeGreaterThanOrEqual(0n);
      }),
      { numRuns: 500 },
    );
  });
});

const config = { enabled: true, leadMerchantId: 'LEAD', shares: [{ merchantId: 'A', ratio: { bps: 3000 } }] };
const planned = (): SplitRecord => {
  const result = planSplit({
    splitNo: 'SP1',
    orderNo: 'O1',
    stationId: 'S1',
    orderStatus: 'COMPLETED',
    amount: f(1000),
    config,
    at: 1,
  });
  if (!result.ok) throw result.error;
  return result.value;
};
const stateIn = (status: SplitStatus): SplitRecord => ({
  ...planned(),
  status,
  attempts: status === 'PENDING' ? 0 : 1,
});
const eventOf = (kind: SplitEventKind): SplitEvent =>
  kind === 'CHANNEL_FAILED' || kind === 'REVERSE_FAILED'
    ? { kind, at: 2, reason: 'x' }
    : kind === 'RETRY' || kind === 'REVERSE'
      ? { kind, at: 2, operatorId: 'op' }
      : { kind, at: 2 };

describe('split lifecycle (SPL-1)', () => {
  it('SPL-1 a completed paid order at a station with splits on is planned with its allocation', () => {
    expect(planned()).toMatchObject({
      status: 'PENDING',
      allocation: { leadAmount: 700n, shares: [{ merchantId: 'A', amount: 300n }] },
    });
  });

  it.each([[{ orderStatus: 'CHARGING' }], [{ amount: f(0) }], [{ config: { ...config, enabled: false } }]])(
    'SPL-1 no split when not applicable (%o)',
    (patch) => {
      const result = planSplit({
        splitNo: 'SP1',
        orderNo: 'O1',
        stationId: 'S1',
        orderStatus: 'COMPLETED',
        amount: f(1000),
        config,
        at: 1,
        ...patch,
      });
      expect(!result.ok && result.error.code).toBe('SPLIT_NOT_APPLICABLE');
    },
  );

  const all = [
    ...pairsOf(SPLIT_LIFECYCLE, 'ALLOWED'),
    ...pairsOf(SPLIT_LIFECYCLE, 'IGNORE'),
    ...pairsOf(SPLIT_LIFECYCLE, 'FORBIDDEN'),
  ];
  it.each(all)('SPL-1 %s × %s follows the table', (status, kind) => {
    const from = stateIn(status);
    expect(verifyStep(SPLIT_LIFECYCLE, from, kind, transitionSplit(from, eventOf(kind)))).toBeUndefined();
  });

  it('SPL-1 an operator retry of a failed split resubmits it with a new attempt', () => {
    const result = transitionSplit(stateIn('FAILED'), eventOf('RETRY'));
    expect(result.ok && result.value.effects[0]).toMatchObject({ type: 'SUBMIT_CHANNEL_SPLIT', attempt: 2 });
  });

  it('SPL-1 reversing a successful split asks the channel to reverse it', () => {
    const result = transitionSplit(stateIn('SUCCEEDED'), eventOf('REVERSE'));
    expect(result.ok && result.value.effects.map((e) => e.type)).toEqual(['SUBMIT_CHANNEL_SPLIT_REVERSAL']);
  });
});

import { describe, expect, it } from 'vitest';
import { fen } from '../money/fen.js';
import { checkEnteredDuration, ebikeStopReason } from './ebike-limits.js';
import type { Funding } from './types.js';

const prepay = (amount: bigint): Funding => ({ kind: 'PREPAY', paymentNo: 'P1', prepay: fen(amount) });
const limits = { thresholdS: 8 * 3600, autoStopAmount: fen(200n) };

describe('e-bike auto-stop (ORD-4, TAR-6)', () => {
  it.each([
    ['fee at the prepay keeps charging (bands round up)', prepay(100n), 660, 100n, undefined],
    ['fee above the prepay stops', prepay(100n), 14_460, 200n, 'PREPAY_EXHAUSTED'],
    ['the threshold stops', { kind: 'PLATFORM' } as Funding, 8 * 3600, 200n, 'AUTO_STOP'],
    ['just before the threshold does not', { kind: 'PLATFORM' } as Funding, 8 * 3600 - 1, 200n, undefined],
    ['fee above the auto-stop amount stops', { kind: 'PLATFORM' } as Funding, 600, 201n, 'AUTO_STOP'],
  ] as const)('TAR-6 ORD-4 %s', (_name, funding, durationS, fee, expected) => {
    expect(ebikeStopReason(funding, limits, durationS, fen(fee))).toBe(expected);
  });
});

describe('operator-entered duration (ORD-5)', () => {
  it.each([
    [0, 100, true],
    [100, 100, true],
    [101, 100, false],
    [-1, 100, false],
    [1.5, 100, false],
  ])('ORD-5 %s s entered after %s s of session: accepted = %s', (durationS, elapsedS, accepted) => {
    const result = checkEnteredDuration(durationS, elapsedS);
    expect(result.ok).toBe(accepted);
    if (!result.ok) expect(result.error.code).toBe('EBIKE_END_DURATION_INVALID');
  });
});

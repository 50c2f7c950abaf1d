import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MicroFen } from './precise.js';
import { ROUNDING_MODES, roundToFen, type RoundingMode } from './rounding.js';

const micro = (n: bigint): MicroFen => n as MicroFen;

describe('roundToFen (SPEC §3: each line rounded to fen once, HALF_UP by default)', () => {
  it.each<[bigint, RoundingMode, bigint]>([
    [1_500_000n, 'HALF_UP', 2n],
    [1_499_999n, 'HALF_UP', 1n],
    [2_500_000n, 'HALF_EVEN', 2n],
    [3_500_000n, 'HALF_EVEN', 4n],
    [2_500_001n, 'HALF_EVEN', 3n],
    [1_999_999n, 'DOWN', 1n],
    [1_000_001n, 'UP', 2n],
    [2_000_000n, 'UP', 2n],
    [-1_500_000n, 'HALF_UP', -2n],
    [-1_000_001n, 'DOWN', -1n],
  ])('TAR-13 rounds %i micro-fen %s to %i fen', (value, mode, expected) => {
    expect(roundToFen(micro(value), mode)).toBe(expected);
  });

  it('TAR-13 HALF_UP is the default', () => {
    expect(roundToFen(micro(332_500_000n))).toBe(333n);
  });

  it('TAR-13 every mode lands within one fen, HALF_* within half a fen', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }),
        fc.constantFrom(...ROUNDING_MODES),
        (n, mode) => {
          const error = roundToFen(micro(n), mode) * 1_000_000n - n;
          const abs = error < 0n ? -error : error;
          return mode.startsWith('HALF') ? abs <= 500_000n : abs < 1_000_000n;
        },
      ),
    );
  });
});

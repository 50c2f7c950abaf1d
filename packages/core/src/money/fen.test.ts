import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fen, formatCny, parseCny, sumFen } from './fen.js';

describe('Fen (SPEC §3: amounts are integer fen, never a float)', () => {
  it.each([
    ['12.34', 1234n],
    ['5', 500n],
    ['0.5', 50n],
    ['-0.05', -5n],
  ])('parses %s exactly', (text, expected) => {
    expect(parseCny(text)).toBe(expected);
  });

  it.each(['1.234', 'abc', '', '1e3'])('rejects %s with MONEY_INVALID_AMOUNT', (text) => {
    expect(() => parseCny(text)).toThrow(expect.objectContaining({ code: 'MONEY_INVALID_AMOUNT' }));
  });

  it('rejects a non-integer number of fen', () => {
    expect(() => fen(1.5)).toThrow(expect.objectContaining({ code: 'MONEY_NOT_INTEGER_FEN' }));
  });

  it('format and parse round-trip for any amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n - 1n), max: 10n ** 15n - 1n }),
        (n) => parseCny(formatCny(fen(n))) === n,
      ),
    );
  });

  it('sums exactly where floats would drift (0.1 + 0.2)', () => {
    expect(formatCny(sumFen([parseCny('0.1'), parseCny('0.2')]))).toBe('0.30');
  });
});

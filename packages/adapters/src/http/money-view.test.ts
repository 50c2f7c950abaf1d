import { fen } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { money } from './money-view.js';

describe('money on the wire ("Money is exact")', () => {
  it('writes a decimal CNY string and the same amount as integer fen', () => {
    expect(money(fen(1234n))).toEqual({ cny: '12.34', fen: 1234 });
    expect(money(fen(-5n))).toEqual({ cny: '-0.05', fen: -5 });
  });

  it('the largest amount, 10^15 fen, is written exactly (no rounding as a JSON number)', () => {
    const out = money(fen(999_999_999_999_999n));
    expect(out.cny).toBe('9999999999999.99');
    expect(JSON.parse(JSON.stringify(out)).fen.toString()).toBe('999999999999999');
  });

  it('an amount beyond 10^15 fen is MONEY_OUT_OF_RANGE, never a rounded number (…09.93 shown as …09.92 before)', () => {
    expect(() => money(fen(9_007_199_254_740_993n))).toThrow(
      expect.objectContaining({ code: 'MONEY_OUT_OF_RANGE' }),
    );
  });
});

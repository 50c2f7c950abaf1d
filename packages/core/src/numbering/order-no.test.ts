import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOrderNo, parseOrderNo } from './order-no.js';

// 2026-11-23T01:30:15.000Z = 09:30:15 in Asia/Shanghai.
const AT = Date.UTC(2026, 10, 23, 1, 30, 15);

describe('order numbers (NUM-4)', () => {
  it.each([
    ['CHARGING', 1, 'CH20261123093015000001'],
    ['PAYMENT', 42, 'PY20261123093015000042'],
    ['REFUND', 0, 'RF20261123093015000000'],
    ['INVOICE', 999999, 'IV20261123093015999999'],
    ['RESERVATION', 7, 'RS20261123093015000007'],
  ] as const)('NUM-4 %s with sequence %d is %s', (type, sequence, expected) => {
    expect(formatOrderNo({ type, at: AT, sequence })).toEqual({ ok: true, value: expected });
    expect(parseOrderNo(expected)).toEqual({
      ok: true,
      value: { type, timestamp: '20261123093015', sequence },
    });
  });

  it('NUM-4 the timestamp is written in the configured zone', () => {
    expect(formatOrderNo({ type: 'CHARGING', at: AT, sequence: 1, zone: 'UTC' })).toEqual({
      ok: true,
      value: 'CH20261123013015000001',
    });
  });

  it.each([-1, 1_000_000, 1.5])('NUM-4 sequence %d is ORDER_NO_SEQUENCE_OVERFLOW', (sequence) => {
    const result = formatOrderNo({ type: 'CHARGING', at: AT, sequence });
    expect(result.ok || result.error.code).toBe('ORDER_NO_SEQUENCE_OVERFLOW');
  });

  it('NUM-4 an unknown zone is ORDER_NO_CLOCK_INVALID', () => {
    const result = formatOrderNo({ type: 'CHARGING', at: AT, sequence: 1, zone: 'Mars/Base' });
    expect(result.ok || result.error.code).toBe('ORDER_NO_CLOCK_INVALID');
  });

  it.each([
    'XX20261123093015000001',
    'CH2026112309301500001',
    'CH20261323093015000001',
    'ch20261123093015000001',
  ])('NUM-4 %s is ORDER_NO_INVALID', (text) => {
    const result = parseOrderNo(text);
    expect(result.ok || result.error.code).toBe('ORDER_NO_INVALID');
  });

  it('NUM-4 property: string order of numbers follows (time, sequence) order', () => {
    const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) });
    const seq = fc.integer({ min: 0, max: 999_999 });
    fc.assert(
      fc.property(instant, seq, instant, seq, (t1, s1, t2, s2) => {
        const a = formatOrderNo({ type: 'PAYMENT', at: t1 - (t1 % 1000), sequence: s1 });
        const b = formatOrderNo({ type: 'PAYMENT', at: t2 - (t2 % 1000), sequence: s2 });
        if (!a.ok || !b.ok) return false;
        const byKey = Math.sign(t1 - (t1 % 1000) - (t2 - (t2 % 1000))) || Math.sign(s1 - s2);
        const byText = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
        return byKey === byText;
      }),
    );
  });
});

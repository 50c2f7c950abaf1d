import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUnitPrice, parseUnitPrice, unitPrice } from './unit-price.js';
import { formatKwh, formatDuration, seconds, startedUnits, wh } from './quantities.js';
import { formatPreciseCny, priceEnergy, priceUnits } from './precise.js';

describe('UnitPrice, Wh, Seconds (SPEC §3 money and quantities)', () => {
  it.each([
    ['0.8523', 85230n],
    ['0.85231', 85231n],
    ['1', 100000n],
    ['12.5', 1250000n],
  ])('TAR-1 parses unit price %s exactly at 10⁻⁵ CNY', (text, expected) => {
    expect(parseUnitPrice(text)).toBe(expected);
  });

  it.each(['0.852311', '-0.1', 'abc', '', '1e-3'])(
    'TAR-1 rejects unit price %s with MONEY_INVALID_UNIT_PRICE',
    (text) => {
      expect(() => parseUnitPrice(text)).toThrow(
        expect.objectContaining({ code: 'MONEY_INVALID_UNIT_PRICE' }),
      );
    },
  );

  it('TAR-1 unit price format/parse round-trips for any 10⁻⁵ CNY value', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (n) => parseUnitPrice(formatUnitPrice(unitPrice(n))) === n,
      ),
    );
  });

  it('TAR-1 formats unit prices with 5 decimals', () => {
    expect(formatUnitPrice(parseUnitPrice('0.8523'))).toBe('0.85230');
  });

  it.each([
    [0, '0.000'],
    [7, '0.007'],
    [12345, '12.345'],
    [1000, '1.000'],
  ])('TAR-13 formats %i Wh as %s kWh', (value, text) => {
    expect(formatKwh(wh(value))).toBe(text);
  });

  it('TAR-4 rejects a fractional or negative Wh and a fractional second', () => {
    expect(() => wh(1.5)).toThrow(expect.objectContaining({ code: 'QUANTITY_INVALID_ENERGY' }));
    expect(() => wh(-1)).toThrow(expect.objectContaining({ code: 'QUANTITY_INVALID_ENERGY' }));
    expect(() => seconds(0.5)).toThrow(expect.objectContaining({ code: 'QUANTITY_INVALID_DURATION' }));
  });

  it('TAR-6 counts started units: a partial unit is a whole one', () => {
    expect(startedUnits(seconds(14_400), 14_400)).toBe(1);
    expect(startedUnits(seconds(14_401), 14_400)).toBe(2);
    expect(formatDuration(seconds(3_907))).toBe('1 h 05 min 07 s');
  });

  it('TAR-13 precise amounts are exact: Wh × 10⁻⁵ CNY/kWh = 10⁻⁸ CNY', () => {
    expect(formatPreciseCny(priceEnergy(wh(12_345), parseUnitPrice('0.85231')))).toBe('10.52176695');
    expect(formatPreciseCny(priceUnits(3, parseUnitPrice('1')))).toBe('3.00');
  });
});

import { describe, expect, it } from 'vitest';
import type { Bill } from '../billing/bill.js';
import { formatCny, parseCny } from '../money/fen.js';
import { priceCarSession, quoteCar } from './car-pricing.js';
import { priceEbikeSession } from './ebike-pricing.js';
import carCases from './fixtures/car-cases.json' with { type: 'json' };
import ebikeCases from './fixtures/ebike-cases.json' with { type: 'json' };
import { parseCarTariff, parseEbikeTariff } from './parse-tariff.js';

// Tariff test cases as data (like the OCPI pricer's per-case folders): tariff, input, expected lines.
const explain = (bill: Bill): string[] =>
  bill.lines.map(
    (l) =>
      `${l.kind} ${l.label} ${l.quantity.value} ${l.quantity.unit} × ${l.unitPrice} = ${l.preciseAmount} → ${formatCny(l.amount)}`,
  );

interface Expected {
  readonly lines: readonly string[];
  readonly total: string;
  readonly uncappedTotal?: string;
}
function check(bill: Bill, expected: Expected): void {
  expect(explain(bill)).toEqual(expected.lines);
  expect(formatCny(bill.total)).toBe(expected.total);
  expect(formatCny(bill.uncappedTotal)).toBe(expected.uncappedTotal ?? expected.total);
}

describe('tariff test fixtures (TAR-5, TAR-11, TAR-13)', () => {
  it.each(carCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const tariff = parseCarTariff(c.tariff);
    if (!tariff.ok) throw tariff.error;
    const input = c.input as {
      quote?: { energyWh: number };
      readings?: { at: string; wh: number }[];
      cap?: string;
    };
    const options = input.cap === undefined ? {} : { cap: parseCny(input.cap) };
    const bill = input.readings
      ? priceCarSession(
          tariff.value,
          input.readings.map((r) => ({ at: Date.parse(r.at), wh: r.wh })),
          options,
        )
      : quoteCar(tariff.value, input.quote ?? { energyWh: 0 }, options);
    check(bill, c.expected);
  });

  it.each(ebikeCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const tariff = parseEbikeTariff(c.tariff);
    if (!tariff.ok) throw tariff.error;
    check(priceEbikeSession(tariff.value, c.input), c.expected);
  });
});

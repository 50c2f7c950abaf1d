import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bill } from '../billing/bill.js';
import { priceCarSession, quoteCar } from './car-pricing.js';
import { splitEnergyByPeriod, type MeterReading } from './energy-split.js';
import { at, carTariff, FLAT_DEF, TOU_DEF } from './fixtures/sample-tariffs.js';

const flat = carTariff(FLAT_DEF);
const tou = carTariff(TOU_DEF);
const periods = tou.pricing.mode === 'TOU' ? tou.pricing.periods : [];
const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'];
const BASE = at('2024-03-29T00:00:00Z');

/** Random monotone readings: a start within ~220 days of BASE, steps of 0 s … 3 h and 0 … 20 kWh. */
const readingsArb = fc
  .tuple(
    fc.integer({ min: 0, max: 220 * 24 * 60 }),
    fc.integer({ min: 0, max: 10_000 }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 3600 }), fc.integer({ min: 0, max: 20_000 })), {
      minLength: 1,
      maxLength: 40,
    }),
  )
  .map(([startMinute, startWh, steps]) => {
    const readings: MeterReading[] = [{ at: BASE + startMinute * 60_000, wh: startWh }];
    for (const [dt, de] of steps) {
      const prev = readings[readings.length - 1]!;
      readings.push({ at: prev.at + dt * 1000, wh: prev.wh + de });
    }
    return readings;
  });

/** A precise decimal CNY string as an exact bigint of 10⁻⁸ CNY. */
function microFen(text: string): bigint {
  const [whole = '0', frac = ''] = text.split('.');
  return BigInt(whole) * 100_000_000n + BigInt(frac.padEnd(8, '0'));
}
const sumLines = (bill: Bill): bigint => bill.lines.reduce((s, l) => s + l.amount, 0n);

describe('car pricing properties (TAR-4, TAR-13)', () => {
  it('TAR-4 energy in = Σ energy per period, in any time zone', () => {
    fc.assert(
      fc.property(readingsArb, fc.constantFrom(...zones), (readings, zone) => {
        const split = splitEnergyByPeriod(periods, readings, zone);
        const billed = split.energyByPeriod.reduce((s, e) => s + e, 0);
        const expected = readings[readings.length - 1]!.wh - readings[0]!.wh;
        return billed === expected && split.total === expected && split.energyByPeriod.every((e) => e >= 0);
      }),
    );
  });

  it('TAR-4 the kWh on the bill lines add up to the metered energy', () => {
    fc.assert(
      fc.property(readingsArb, (readings) => {
        const bill = priceCarSession(tou, readings);
        const wh = bill.lines
          .filter((l) => l.kind === 'ENERGY')
          .reduce((s, l) => s + Math.round(Number(l.quantity.value) * 1000), 0);
        return wh === readings[readings.length - 1]!.wh - readings[0]!.wh;
      }),
    );
  });

  it('TAR-13 total = Σ rounded lines, each line within half a fen of its precise amount', () => {
    fc.assert(
      fc.property(readingsArb, fc.boolean(), (readings, useFlat) => {
        const bill = priceCarSession(useFlat ? flat : tou, readings);
        const lineOk = bill.lines.every((l) => {
          const error = l.amount * 1_000_000n - microFen(l.preciseAmount);
          return (error < 0n ? -error : error) <= 500_000n;
        });
        return lineOk && bill.total === sumLines(bill) && bill.uncappedTotal === bill.total;
      }),
    );
  });

  it('TAR-1 a flat bill does not change when readings are sub-sampled', () => {
    fc.assert(
      fc.property(readingsArb, fc.array(fc.boolean(), { maxLength: 41 }), (readings, keep) => {
        const sub = readings.filter((_, i) => i === 0 || i === readings.length - 1 || keep[i] === true);
        expect(priceCarSession(flat, sub)).toEqual(priceCarSession(flat, readings));
      }),
    );
  });

  it('TAR-1 TAR-2 the fee is monotonic in energy (flat, and TOU within a band)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.constantFrom('SHARP', 'PEAK', 'FLAT', 'VALLEY' as const),
        (energy, more, band) =>
          quoteCar(flat, { energyWh: energy }).total <= quoteCar(flat, { energyWh: energy + more }).total &&
          quoteCar(tou, { energyWh: energy, band }).total <=
            quoteCar(tou, { energyWh: energy + more, band }).total,
      ),
    );
  });

  it('TAR-13 a capped bill never exceeds the cap and keeps the uncapped total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500_000 }),
        fc.bigInt({ min: 0n, max: 100_000n }),
        (energy, cap) => {
          const bill = quoteCar(flat, { energyWh: energy }, { cap: cap as never });
          const uncapped = quoteCar(flat, { energyWh: energy }).total;
          return (
            bill.total <= cap &&
            bill.uncappedTotal === uncapped &&
            bill.total === (uncapped < cap ? uncapped : cap)
          );
        },
      ),
    );
  });
});

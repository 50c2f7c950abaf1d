import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { priceCarSession } from './car-pricing.js';
import { splitEnergyByPeriod } from './energy-split.js';
import { at, carTariff, FLAT_DEF } from './fixtures/sample-tariffs.js';
import type { CarTariffDefinition } from './schemas.js';

const BERLIN = 'Europe/Berlin';
const bands: Extract<CarTariffDefinition['pricing'], { mode: 'TOU' }>['bands'] = [
  { band: 'PEAK', energyPrice: '1', servicePrice: '0' },
  { band: 'FLAT', energyPrice: '0.5', servicePrice: '0' },
  { band: 'VALLEY', energyPrice: '0.2', servicePrice: '0' },
];
const tariff = (periods: Extract<CarTariffDefinition['pricing'], { mode: 'TOU' }>['periods']) =>
  carTariff({ ...FLAT_DEF, pricing: { mode: 'TOU', bands, periods } });

const gapTariff = tariff([
  { from: '00:00', to: '02:30', band: 'VALLEY' },
  { from: '02:30', to: '24:00', band: 'FLAT' },
]);
const energyOf = (t: ReturnType<typeof tariff>, from: string, to: string, wh: number): number[] => {
  const bill = priceCarSession(
    t,
    [
      { at: at(from), wh: 0 },
      { at: at(to), wh },
    ],
    { timeZone: BERLIN },
  );
  return bill.lines
    .filter((l) => l.kind === 'ENERGY')
    .map((l) => Math.round(Number(l.quantity.value) * 1000));
};

describe('DST time zones (TAR-2, TAR-4 in Europe/Berlin)', () => {
  it('TAR-4 spring forward: local 00:00–04:00 is 3 real hours; 02:30 (in the gap) starts at the change, 03:00 CEST', () => {
    expect(energyOf(gapTariff, '2024-03-31T00:00:00+01:00', '2024-03-31T04:00:00+02:00', 3_000)).toEqual([
      2_000, 1_000,
    ]);
  });

  it('TAR-4 fall back: local 00:00–04:00 is 5 real hours; 02:30 is its first occurrence (CEST)', () => {
    expect(energyOf(gapTariff, '2024-10-27T00:00:00+02:00', '2024-10-27T04:00:00+01:00', 5_000)).toEqual([
      2_500, 2_500,
    ]);
  });

  it('TAR-2 a 23-hour and a 25-hour day are priced by real time in each period', () => {
    const allDay = tariff([
      { from: '00:00', to: '12:00', band: 'VALLEY' },
      { from: '12:00', to: '24:00', band: 'PEAK' },
    ]);
    expect(energyOf(allDay, '2024-03-31T00:00:00+01:00', '2024-04-01T00:00:00+02:00', 23_000)).toEqual([
      11_000, 12_000,
    ]);
    expect(energyOf(allDay, '2024-10-27T00:00:00+02:00', '2024-10-28T00:00:00+01:00', 25_000)).toEqual([
      13_000, 12_000,
    ]);
  });

  it('TAR-4 across either Berlin change, constant power splits by real elapsed time (luxon as the oracle)', () => {
    const t = tariff([
      { from: '00:00', to: '01:00', band: 'VALLEY' },
      { from: '01:00', to: '04:00', band: 'FLAT' },
      { from: '04:00', to: '12:00', band: 'VALLEY' },
      { from: '12:00', to: '18:00', band: 'PEAK' },
      { from: '18:00', to: '24:00', band: 'FLAT' },
    ]);
    const periods = t.pricing.mode === 'TOU' ? t.pricing.periods : [];
    fc.assert(
      fc.property(
        fc.constantFrom('2024-03-31', '2024-10-27'),
        fc.integer({ min: -30 * 60, max: 6 * 60 }),
        fc.integer({ min: 1, max: 30 * 60 }),
        fc.integer({ min: 1, max: 100_000 }),
        (date, startOffsetMin, durationMin, energy) => {
          const day = DateTime.fromISO(date, { zone: BERLIN });
          const start = day.toMillis() + startOffsetMin * 60_000;
          const end = start + durationMin * 60_000;
          const split = splitEnergyByPeriod(
            periods,
            [
              { at: start, wh: 0 },
              { at: end, wh: energy },
            ],
            BERLIN,
          );
          const expected = new Array<number>(periods.length).fill(0);
          for (let d = -2; d <= 2; d++) {
            const base = day.plus({ days: d });
            periods.forEach((p, i) => {
              // Wall-clock set (not plus({ minutes }), which adds real time across a change).
              const wall = (m: number): number =>
                m === 1440
                  ? base.plus({ days: 1 }).toMillis()
                  : base.set({ hour: Math.floor(m / 60), minute: m % 60 }).toMillis();
              const from = wall(p.fromMinute);
              const to = wall(p.toMinute);
              const overlap = Math.max(0, Math.min(to, end) - Math.max(from, start));
              expected[i]! += (energy * overlap) / (end - start);
            });
          }
          // Each boundary's share is rounded to ±0.5 Wh; a ≤ 30 h session meets a period at most twice.
          return split.energyByPeriod.every((e, i) => Math.abs(e - expected[i]!) <= 2);
        },
      ),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceCarSessionOnClock } from './car-pricing-on-clock.js';
import { priceCarSession } from './car-pricing.js';
import type { MeterReading } from './energy-split-on-clock.js';
import { at, carTariff, FLAT_DEF, TOU_DEF } from './fixtures/sample-tariffs.js';
import { utcOffsetTable } from './iana-zone-clock.js';
import { checkUtcOffsetTable, DEFAULT_UTC_OFFSETS, offsetTableClock } from './utc-offsets.js';

const DAY = 86_400_000;
const tou = carTariff(TOU_DEF);
const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'];
const BASE = at('2024-03-29T00:00:00Z');

/** Random monotone readings: a start within ~220 days of BASE, steps of 0 s … 3 h and 0 … 20 kWh. */
const readingsArb = fc
  .tuple(
    fc.integer({ min: 0, max: 220 * 24 * 60 }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 3600 }), fc.integer({ min: 0, max: 20_000 })), {
      minLength: 1,
      maxLength: 40,
    }),
  )
  .map(([startMinute, steps]) => {
    const readings: MeterReading[] = [{ at: BASE + startMinute * 60_000, wh: 0 }];
    for (const [dt, de] of steps) {
      const prev = readings[readings.length - 1]!;
      readings.push({ at: prev.at + dt * 1000, wh: prev.wh + de });
    }
    return readings;
  });

describe('UTC offset tables: a zone clock as data (TAR-2, TAR-4)', () => {
  it('TAR-2 Europe/Berlin in 2024: CET, CEST from 31 Mar 01:00 UTC, CET from 27 Oct 01:00 UTC', () => {
    const table = utcOffsetTable('Europe/Berlin', at('2024-01-01T00:00:00Z'), at('2025-01-01T00:00:00Z'));
    expect(table).toEqual({
      timeZone: 'Europe/Berlin',
      fromUtc: [at('2024-01-01T00:00:00Z'), at('2024-03-31T01:00:00Z'), at('2024-10-27T01:00:00Z')],
      offsetMinutes: [60, 120, 60],
    });
  });

  it('TAR-2 Australia/Lord_Howe in 2024: half-hour changes (+11:00 ↔ +10:30) are found to the minute', () => {
    const table = utcOffsetTable(
      'Australia/Lord_Howe',
      at('2024-01-01T00:00:00Z'),
      at('2025-01-01T00:00:00Z'),
    );
    // 7 Apr 02:00 +11:00 → 01:30 +10:30 (15:00 UTC on 6 Apr); 6 Oct 02:00 +10:30 → 02:30 +11:00 (15:30 UTC on 5 Oct).
    expect(table.fromUtc.slice(1)).toEqual([at('2024-04-06T15:00:00Z'), at('2024-10-05T15:30:00Z')]);
    expect(table.offsetMinutes).toEqual([660, 630, 660]);
  });

  it('TAR-2 the shipped Asia/Shanghai table (UTC+08:00 since 15 Sep 1991) is what luxon says up to 2100', () => {
    const fromLuxon = utcOffsetTable(
      'Asia/Shanghai',
      DEFAULT_UTC_OFFSETS.fromUtc[0]!,
      at('2100-01-01T00:00:00Z'),
    );
    expect(fromLuxon).toEqual(DEFAULT_UTC_OFFSETS);
    expect(DEFAULT_UTC_OFFSETS.offsetMinutes).toEqual([480]);
    // The day before: still CDT, UTC+09:00.
    expect(
      utcOffsetTable('Asia/Shanghai', at('1991-09-13T17:00:00Z'), at('1991-09-14T16:00:00Z')).offsetMinutes,
    ).toEqual([540]);
  });

  it('TAR-4 spring forward on a table clock: local 00:00–04:00 in Berlin is 3 real hours, split 2 kWh | 1 kWh at 02:30', () => {
    const gap = carTariff({
      ...FLAT_DEF,
      pricing: {
        mode: 'TOU',
        bands: [
          { band: 'FLAT', energyPrice: '0.5', servicePrice: '0' },
          { band: 'VALLEY', energyPrice: '0.2', servicePrice: '0' },
        ],
        periods: [
          { from: '00:00', to: '02:30', band: 'VALLEY' },
          { from: '02:30', to: '24:00', band: 'FLAT' },
        ],
      },
    });
    const clock = offsetTableClock(
      utcOffsetTable('Europe/Berlin', at('2024-03-01T00:00:00Z'), at('2024-04-30T00:00:00Z')),
    );
    const bill = priceCarSessionOnClock(
      gap,
      [
        { at: at('2024-03-31T00:00:00+01:00'), wh: 0 },
        { at: at('2024-03-31T04:00:00+02:00'), wh: 3_000 },
      ],
      clock,
    );
    expect(bill.lines.filter((l) => l.kind === 'ENERGY').map((l) => l.quantity.value)).toEqual([
      '2.000',
      '1.000',
    ]);
    // 2 kWh × 0.2 + 1 kWh × 0.5 = 0.40 + 0.50 = 0.90 CNY
    expect(bill.total).toBe(90n);
  });

  it('TAR-4 a session priced on its table clock gets the bill of the IANA zone, bit for bit, in any zone', () => {
    fc.assert(
      fc.property(readingsArb, fc.constantFrom(...zones), (readings, zone) => {
        const first = readings[0]!.at;
        const last = readings[readings.length - 1]!.at;
        const clock = offsetTableClock(utcOffsetTable(zone, first - 2 * DAY, last + 2 * DAY));
        expect(priceCarSessionOnClock(tou, readings, clock)).toEqual(
          priceCarSession(tou, readings, { timeZone: zone }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('TAR-2 a malformed table is refused with TARIFF_INVALID_UTC_OFFSETS', () => {
    const bad = [
      { timeZone: 'X', fromUtc: [], offsetMinutes: [] },
      { timeZone: 'X', fromUtc: [0, 1], offsetMinutes: [60] },
      { timeZone: 'X', fromUtc: [5, 5], offsetMinutes: [60, 120] },
      { timeZone: 'X', fromUtc: [0], offsetMinutes: [60.5] },
    ];
    for (const table of bad) {
      expect(() => checkUtcOffsetTable(table)).toThrow(
        expect.objectContaining({ code: 'TARIFF_INVALID_UTC_OFFSETS' }),
      );
    }
  });
});

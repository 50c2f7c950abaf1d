import { DEFAULT_UTC_OFFSETS, parseCarTariff, unwrap, type CarTariffDefinition } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { stationClock } from './station-clock.js';

const TOU: CarTariffDefinition = {
  kind: 'CAR',
  id: 'T-TOU',
  version: 1,
  savedAt: '2024-04-30T10:00:00+08:00',
  pricing: {
    mode: 'TOU',
    bands: [
      { band: 'PEAK', energyPrice: '1', servicePrice: '0' },
      { band: 'VALLEY', energyPrice: '0.5', servicePrice: '0' },
    ],
    periods: [
      { from: '00:00', to: '08:00', band: 'VALLEY' },
      { from: '08:00', to: '24:00', band: 'PEAK' },
    ],
  },
};
const tariff = unwrap(parseCarTariff(TOU));
const flat = unwrap(
  parseCarTariff({ ...TOU, pricing: { mode: 'FLAT', energyPrice: '1', servicePrice: '0' } }),
);
const BERLIN_2024 = {
  timeZone: 'Europe/Berlin',
  fromUtc: [Date.parse('2024-01-01T00:00:00Z'), Date.parse('2024-03-31T01:00:00Z')],
  offsetMinutes: [60, 120],
};

describe("the station's wall clock from the workflow input (TAR-2, TAR-4)", () => {
  it('TAR-2 Asia/Shanghai without offsets: the shipped UTC+08:00 table (local 08:00 on 10 May 2024 is 00:00 UTC)', () => {
    const clock = unwrap(stationClock({ tariff }));
    const day = clock.localDayAt(Date.parse('2024-05-10T07:30:00+08:00'));
    expect(clock.wallClockUtc(day, 8 * 60)).toBe(Date.parse('2024-05-10T00:00:00Z'));
    expect(
      unwrap(stationClock({ tariff, timeZone: 'Asia/Shanghai', utcOffsets: DEFAULT_UTC_OFFSETS })),
    ).toBeDefined();
  });

  it('TAR-2 the input table is the clock: Berlin 08:00 CEST on 2 Apr 2024 is 06:00 UTC', () => {
    const clock = unwrap(stationClock({ tariff, timeZone: 'Europe/Berlin', utcOffsets: BERLIN_2024 }));
    const day = clock.localDayAt(Date.parse('2024-04-02T12:00:00Z'));
    expect(clock.wallClockUtc(day, 8 * 60)).toBe(Date.parse('2024-04-02T06:00:00Z'));
  });

  it('TAR-2 a TOU session outside Asia/Shanghai needs its offsets (TARIFF_UTC_OFFSETS_MISSING); a FLAT one does not', () => {
    const missing = stationClock({ tariff, timeZone: 'Europe/Berlin' });
    expect(missing.ok ? undefined : missing.error.code).toBe('TARIFF_UTC_OFFSETS_MISSING');
    expect(stationClock({ tariff: flat, timeZone: 'Europe/Berlin' }).ok).toBe(true);
  });

  it("TAR-2 another zone's table (TARIFF_UTC_OFFSETS_ZONE_MISMATCH) and a malformed one (TARIFF_INVALID_UTC_OFFSETS) are refused", () => {
    const other = stationClock({ tariff, timeZone: 'Asia/Shanghai', utcOffsets: BERLIN_2024 });
    expect(other.ok ? undefined : other.error.code).toBe('TARIFF_UTC_OFFSETS_ZONE_MISMATCH');
    const bad = stationClock({
      tariff,
      timeZone: 'Europe/Berlin',
      utcOffsets: { timeZone: 'Europe/Berlin', fromUtc: [2, 1], offsetMinutes: [60, 120] },
    });
    expect(bad.ok ? undefined : bad.error.code).toBe('TARIFF_INVALID_UTC_OFFSETS');
  });
});

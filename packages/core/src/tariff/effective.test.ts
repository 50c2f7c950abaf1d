import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceCarSession } from './car-pricing.js';
import { effectiveFrom, tariffInForce } from './effective.js';
import { at, carTariff, FLAT_DEF, TOU_DEF } from './fixtures/sample-tariffs.js';

const v1 = { id: 'T', version: 1, savedAt: '2024-05-01T09:00:00+08:00' };
const v2 = { id: 'T', version: 2, savedAt: '2024-05-03T23:59:00+08:00' };
const v3 = { id: 'T', version: 3, savedAt: '2024-05-03T10:00:00+08:00' };

describe('effective dating (TAR-3)', () => {
  it.each([
    ['2024-05-01T09:00:00+08:00', 'Asia/Shanghai', '2024-05-02T00:00:00+08:00'],
    ['2024-05-01T23:59:59+08:00', 'Asia/Shanghai', '2024-05-02T00:00:00+08:00'],
    ['2024-05-01T00:00:00+08:00', 'Asia/Shanghai', '2024-05-02T00:00:00+08:00'],
    // Saved 17:30 UTC = 01:30 next day in Shanghai: effective the midnight after that local day.
    ['2024-05-01T17:30:00Z', 'Asia/Shanghai', '2024-05-03T00:00:00+08:00'],
    ['2024-03-30T12:00:00+01:00', 'Europe/Berlin', '2024-03-31T00:00:00+01:00'],
    ['2024-03-31T12:00:00+02:00', 'Europe/Berlin', '2024-04-01T00:00:00+02:00'],
  ])('TAR-3 a version saved at %s (%s) takes effect at %s', (savedAt, zone, expected) => {
    expect(effectiveFrom(savedAt, zone)).toBe(at(expected));
  });

  it('TAR-3 a session starting before the first midnight finds no version in force', () => {
    const result = tariffInForce([v1], at('2024-05-01T20:00:00+08:00'));
    expect(result.ok ? 'ok' : result.error.code).toBe('TARIFF_NOT_IN_FORCE');
  });

  it.each([
    ['2024-05-02T00:00:00+08:00', 1],
    ['2024-05-03T23:59:59+08:00', 1],
    ['2024-05-04T00:00:00+08:00', 3],
  ])(
    'TAR-3 at %s version %i is in force (of two saved the same day, the later version wins)',
    (start, version) => {
      const result = tariffInForce([v2, v1, v3], at(start), 'Asia/Shanghai');
      expect(result.ok ? result.value.version : 0).toBe(version);
    },
  );

  it('TAR-3 a session crossing midnight is priced entirely by its start version', () => {
    const old = carTariff({ ...FLAT_DEF, version: 1, savedAt: '2024-05-01T09:00:00+08:00' });
    const next = carTariff({ ...TOU_DEF, id: 'T-FLAT', version: 2, savedAt: '2024-05-02T09:00:00+08:00' });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 180 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 50_000 }),
        (minutesBeforeMidnight, minutesAfter, energy) => {
          const midnight = at('2024-05-03T00:00:00+08:00');
          const start = midnight - minutesBeforeMidnight * 60_000;
          const end = midnight + minutesAfter * 60_000;
          const chosen = tariffInForce([old, next], start);
          if (!chosen.ok) return false;
          const bill = priceCarSession(chosen.value, [
            { at: start, wh: 0 },
            { at: end, wh: energy },
          ]);
          return bill.tariff.version === 1 && bill.lines.every((l) => l.band === 'FLAT_RATE');
        },
      ),
    );
  });
});

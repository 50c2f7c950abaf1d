import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCny } from '../money/fen.js';
import { ebikeAutoStopAmount, priceEbikeSession, quoteEbike, type EbikeSession } from './ebike-pricing.js';
import { ebikeDef, ebikeTariff } from './fixtures/sample-tariffs.js';
import { parseEbikeTariff } from './parse-tariff.js';

const bands = [
  { upToW: 200, unitPrice: '0.20' },
  { upToW: 400, unitPrice: '0.30' },
  { upToW: 800, unitPrice: '0.50' },
];
const duration = ebikeTariff(ebikeDef({ mode: 'DURATION', unitMinutes: 240, unitPrice: '1' }));
const power = ebikeTariff(ebikeDef({ mode: 'POWER', unitMinutes: 60, bands }));
const unified = ebikeTariff(ebikeDef({ mode: 'UNIFIED', energyPrice: '0.6', servicePrice: '0.4' }));
const periodService = ebikeTariff(
  ebikeDef({ mode: 'PERIOD_SERVICE', energyPrice: '0.6', serviceUnitMinutes: 60, servicePrice: '0.5' }),
);
const powerService = ebikeTariff(
  ebikeDef({ mode: 'POWER_SERVICE', energyPrice: '0.6', unitMinutes: 60, bands }),
);
const all = [duration, power, unified, periodService, powerService];

const min = (m: number): number => m * 60;
const amounts = (tariff: typeof duration, s: EbikeSession): string[] =>
  priceEbikeSession(tariff, s).lines.map((l) => `${l.kind} ${formatCny(l.amount)}`);

describe('e-bike pricing (TAR-6 … TAR-11)', () => {
  it.each([
    [5, 'FREE 0.00'],
    [10, 'FREE 0.00'],
    [11, 'DURATION 1.00'],
    [240, 'DURATION 1.00'],
    [241, 'DURATION 2.00'],
    [600, 'DURATION 2.00'],
  ])('TAR-6 DURATION 1 CNY per 4 h, 10 free minutes, auto-stop 8 h: %i min → %s', (minutes, expected) => {
    expect(amounts(duration, { durationSeconds: min(minutes) })).toEqual([expected]);
  });

  it('TAR-6 free minutes: beyond them the whole session is billed; past auto-stop a note explains the cap on duration', () => {
    const bill = priceEbikeSession(duration, { durationSeconds: min(600) });
    expect(bill.notes?.[0]).toContain('auto-stop threshold of 8 h');
    expect(bill.lines[0]?.label).toBe('8 h 00 min → 2 × 4 h');
    expect(priceEbikeSession(duration, { durationSeconds: min(5) }).notes?.[0]).toContain('free');
  });

  it.each([
    [150, 'POWER_1', '0.40'],
    [200, 'POWER_1', '0.40'],
    [201, 'POWER_2', '0.60'],
    [800, 'POWER_3', '1.00'],
    [1_000, 'POWER_3', '1.00'],
  ])(
    'TAR-7 POWER: 90 min at max %i W uses %s → %s (band by max power, upper bound inclusive)',
    (w, band, total) => {
      const bill = priceEbikeSession(power, { durationSeconds: min(90), maxPowerW: w });
      expect(bill.lines[0]?.band).toBe(band);
      expect(formatCny(bill.total)).toBe(total);
    },
  );

  it('TAR-8 UNIFIED: energy × (energy price + service price)', () => {
    expect(amounts(unified, { durationSeconds: min(60), energyWh: 1_234 })).toEqual([
      'ENERGY 0.74',
      'SERVICE 0.49',
    ]);
  });

  it('TAR-9 PERIOD_SERVICE: energy × energy price + service per started hour', () => {
    expect(amounts(periodService, { durationSeconds: min(125), energyWh: 1_500 })).toEqual([
      'ENERGY 0.90',
      'SERVICE 1.50',
    ]);
  });

  it('TAR-10 POWER_SERVICE: energy × energy price + service by power band × started hours', () => {
    const bill = priceEbikeSession(powerService, {
      durationSeconds: min(125),
      energyWh: 1_500,
      maxPowerW: 350,
    });
    expect(bill.lines.map((l) => `${l.kind} ${l.band ?? '-'} ${formatCny(l.amount)}`)).toEqual([
      'ENERGY - 0.90',
      'SERVICE POWER_2 0.90',
    ]);
    expect(formatCny(bill.total)).toBe('1.80');
  });

  it.each([
    [power, 'maxPowerW'],
    [unified, 'energyWh'],
    [periodService, 'energyWh'],
    [powerService, 'energyWh'],
  ])('TAR-11 a tariff test missing what its mode needs is rejected (%#: %s)', (tariff, field) => {
    expect(() => quoteEbike(tariff, { durationSeconds: min(60) })).toThrow(
      expect.objectContaining({ code: 'EBIKE_INPUT_MISSING', details: expect.objectContaining({ field }) }),
    );
  });

  it.each([
    [duration, '2.00'],
    [power, '4.00'],
    [unified, '6.40'],
    [periodService, '7.84'],
    [powerService, '7.84'],
  ])(
    'TAR-6…10 auto-stop amount = fee at the 8 h threshold with an 800 W socket (%#) = %s',
    (tariff, expected) => {
      expect(formatCny(ebikeAutoStopAmount(tariff, 800))).toBe(expected);
    },
  );

  it('TAR-6 auto-stop above 48 h is rejected', () => {
    const result = parseEbikeTariff(
      ebikeDef({ mode: 'DURATION', unitMinutes: 60, unitPrice: '1' }, { autoStopMinutes: 2_881 }),
    );
    expect(result.ok ? 'ok' : result.error.code).toBe('TARIFF_AUTO_STOP_TOO_LONG');
  });

  it('TAR-7 power bands that do not rise are rejected, naming the interval', () => {
    const result = parseEbikeTariff(
      ebikeDef({ mode: 'POWER', unitMinutes: 60, bands: [bands[1]!, bands[0]!] }),
    );
    expect(result.ok ? 'ok' : `${result.error.code} ${String(result.error.details['interval'])}`).toBe(
      'TARIFF_POWER_BANDS_UNORDERED 400–200 W',
    );
  });

  it('TAR-11 the fee is monotonic in duration and in energy, in every mode', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...all),
        fc.integer({ min: 0, max: 3_000 * 60 }),
        fc.integer({ min: 0, max: 600 * 60 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 1, max: 1_000 }),
        (tariff, seconds, moreSeconds, energyWh, moreWh, maxPowerW) => {
          const base = priceEbikeSession(tariff, { durationSeconds: seconds, energyWh, maxPowerW }).total;
          const longer = priceEbikeSession(tariff, {
            durationSeconds: seconds + moreSeconds,
            energyWh,
            maxPowerW,
          }).total;
          const more = priceEbikeSession(tariff, {
            durationSeconds: seconds,
            energyWh: energyWh + moreWh,
            maxPowerW,
          }).total;
          return base <= longer && base <= more;
        },
      ),
    );
  });

  it('TAR-13 an e-bike bill total is Σ lines and names its tariff version', () => {
    const bill = priceEbikeSession(powerService, {
      durationSeconds: min(125),
      energyWh: 1_500,
      maxPowerW: 350,
    });
    expect(bill.total).toBe(bill.lines.reduce((s, l) => s + l.amount, 0n));
    expect(bill.tariff).toEqual({ tariffId: 'E-1', version: 1 });
  });
});

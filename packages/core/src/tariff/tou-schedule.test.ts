import { describe, expect, it } from 'vitest';
import { parseCarTariff } from './parse-tariff.js';
import type { CarTariffDefinition } from './schemas.js';
import { FLAT_DEF, TOU_DEF } from './fixtures/sample-tariffs.js';

type Periods = Extract<CarTariffDefinition['pricing'], { mode: 'TOU' }>['periods'];
type Bands = Extract<CarTariffDefinition['pricing'], { mode: 'TOU' }>['bands'];

const allBands: Bands = [
  { band: 'PEAK', energyPrice: '1', servicePrice: '0.5' },
  { band: 'VALLEY', energyPrice: '0.3', servicePrice: '0.5' },
];
const tou = (periods: Periods, bands: Bands = allBands): CarTariffDefinition => ({
  ...FLAT_DEF,
  pricing: { mode: 'TOU', bands, periods },
});

describe('TOU validation (TAR-2)', () => {
  it.each<[string, Periods, Bands, string, string]>([
    [
      'a gap',
      [
        { from: '00:00', to: '11:00', band: 'VALLEY' },
        { from: '11:30', to: '24:00', band: 'PEAK' },
      ],
      allBands,
      'TARIFF_GAP',
      '11:00–11:30',
    ],
    [
      'a gap at the end of the day',
      [{ from: '00:00', to: '23:00', band: 'VALLEY' }],
      allBands,
      'TARIFF_GAP',
      '23:00–24:00',
    ],
    [
      'a gap at the start of the day',
      [{ from: '06:00', to: '24:00', band: 'VALLEY' }],
      allBands,
      'TARIFF_GAP',
      '00:00–06:00',
    ],
    [
      'an overlap',
      [
        { from: '00:00', to: '12:00', band: 'VALLEY' },
        { from: '10:00', to: '24:00', band: 'PEAK' },
      ],
      allBands,
      'TARIFF_OVERLAP',
      '10:00–12:00',
    ],
    [
      'an overlap with a period wrapping midnight',
      [
        { from: '22:00', to: '07:00', band: 'VALLEY' },
        { from: '06:00', to: '22:00', band: 'PEAK' },
      ],
      allBands,
      'TARIFF_OVERLAP',
      '06:00–07:00',
    ],
    [
      'a boundary off the 30-minute grid',
      [
        { from: '00:00', to: '08:15', band: 'VALLEY' },
        { from: '08:15', to: '24:00', band: 'PEAK' },
      ],
      allBands,
      'TARIFF_OFF_GRID',
      '00:00–08:15',
    ],
    [
      'a period whose band has no price',
      [
        { from: '00:00', to: '12:00', band: 'VALLEY' },
        { from: '12:00', to: '24:00', band: 'SHARP' },
      ],
      allBands,
      'TARIFF_MISSING_BAND_PRICE',
      '12:00–24:00',
    ],
    [
      'an empty period',
      [{ from: '08:00', to: '08:00', band: 'PEAK' }],
      allBands,
      'TARIFF_EMPTY_PERIOD',
      '08:00–08:00',
    ],
  ])('TAR-2 rejects %s, naming the interval', (_name, periods, bands, code, interval) => {
    const result = parseCarTariff(tou(periods, bands));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.details['interval']).toBe(interval);
    expect(result.error.message).toContain(interval);
  });

  it('TAR-2 rejects more than 4 priced bands with TARIFF_TOO_MANY_BANDS', () => {
    const five: Bands = [...allBands, ...allBands, allBands[0]!];
    const result = parseCarTariff(tou([{ from: '00:00', to: '24:00', band: 'PEAK' }], five));
    expect(result.ok ? 'ok' : result.error.code).toBe('TARIFF_TOO_MANY_BANDS');
  });

  it('TAR-2 rejects a band priced twice', () => {
    const result = parseCarTariff(
      tou([{ from: '00:00', to: '24:00', band: 'PEAK' }], [allBands[0]!, allBands[0]!]),
    );
    expect(result.ok ? 'ok' : result.error.code).toBe('TARIFF_DUPLICATE_BAND');
  });

  it('TAR-2 rejects a malformed definition with TARIFF_INVALID listing the issues', () => {
    const result = parseCarTariff({ ...TOU_DEF, pricing: { mode: 'TOU', bands: [], periods: [] } });
    expect(result.ok ? 'ok' : result.error.code).toBe('TARIFF_INVALID');
  });

  it('TAR-2 accepts a full day, splitting wrap-around periods and merging adjacent same-band ones', () => {
    const result = parseCarTariff(
      tou([
        { from: '22:00', to: '06:00', band: 'VALLEY' },
        { from: '06:00', to: '12:00', band: 'PEAK' },
        { from: '12:00', to: '22:00', band: 'PEAK' },
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok || result.value.pricing.mode !== 'TOU') return;
    expect(result.value.pricing.periods.map((p) => p.label)).toEqual([
      'VALLEY 00:00–06:00',
      'PEAK 06:00–22:00',
      'VALLEY 22:00–24:00',
    ]);
  });

  it('TAR-2 keeps the sample tariff with nine canonical periods', () => {
    const result = parseCarTariff(TOU_DEF);
    expect(result.ok && result.value.pricing.mode === 'TOU' ? result.value.pricing.periods.length : 0).toBe(
      9,
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unitPrice } from '../money/unit-price.js';
import { carTariff, TOU_DEF } from './fixtures/sample-tariffs.js';
import { parseCarTariff } from './parse-tariff.js';
import type { TouBand } from './schemas.js';
import { TOU_BANDS } from './tou-schedule.js';
import { touFromYkcSlots, touToYkcSlots, type SlotCode, type YkcTouForm } from './ykc-slots.js';

const sample = carTariff(TOU_DEF);
const samplePricing = sample.pricing.mode === 'TOU' ? sample.pricing : undefined;

const priceText = fc
  .integer({ min: 0, max: 300_000 })
  .map((n) => `${Math.floor(n / 100_000)}.${`${n % 100_000}`.padStart(5, '0')}`);
/** Random valid TOU definitions: random grid cut points, random bands, prices for used bands (and maybe others). */
const touDefArb = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 47 }), { maxLength: 12 }),
    fc.array(fc.constantFrom(...TOU_BANDS), { minLength: 13, maxLength: 13 }),
    fc.array(fc.tuple(priceText, priceText), { minLength: 4, maxLength: 4 }),
    fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  )
  .map(([cuts, bandsPick, prices, extra]) => {
    const points = [0, ...[...cuts].sort((a, b) => a - b), 48];
    const hhmm = (slot: number): string =>
      `${String(Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 ? '30' : '00'}`;
    const periods = points
      .slice(1)
      .map((to, i) => ({ from: hhmm(points[i]!), to: hhmm(to), band: bandsPick[i]! }));
    const used = new Set<TouBand>(periods.map((p) => p.band));
    const bands = TOU_BANDS.flatMap((band, i) =>
      used.has(band) || extra[i] ? [{ band, energyPrice: prices[i]![0], servicePrice: prices[i]![1] }] : [],
    );
    return { ...TOU_DEF, pricing: { mode: 'TOU' as const, bands, periods } };
  });

const slotFormArb: fc.Arbitrary<YkcTouForm> = fc.record({
  slots: fc.array(fc.constantFrom<SlotCode>(0, 1, 2, 3), { minLength: 48, maxLength: 48 }),
  rates: fc.array(
    fc.record({
      energy: fc.integer({ min: 0, max: 500_000 }).map(unitPrice),
      service: fc.integer({ min: 0, max: 500_000 }).map(unitPrice),
    }),
    { minLength: 4, maxLength: 4 },
  ),
});

describe('YKC 48-slot form (TAR-2)', () => {
  it('TAR-2 the sample tariff converts to 48 rate codes and 4 prices at 10⁻⁵ CNY/kWh', () => {
    const form = touToYkcSlots(samplePricing!);
    expect(form.slots.length).toBe(48);
    expect(form.slots.slice(0, 17).join('')).toBe('33333333333333331'); // VALLEY to 08:00, then PEAK
    expect(form.rates.map((r) => r.energy)).toEqual([120000n, 95000n, 65000n, 30000n]);
  });

  it('TAR-2 tariff → 48 slots → tariff is lossless for random valid tariffs', () => {
    fc.assert(
      fc.property(touDefArb, (def) => {
        const parsed = parseCarTariff(def);
        if (!parsed.ok || parsed.value.pricing.mode !== 'TOU') throw new Error('generated tariff is invalid');
        const back = touFromYkcSlots(touToYkcSlots(parsed.value.pricing));
        expect(back).toEqual({ ok: true, value: parsed.value.pricing });
      }),
    );
  });

  it('TAR-2 48 slots → tariff → 48 slots is lossless for random slot forms', () => {
    fc.assert(
      fc.property(slotFormArb, (form) => {
        const pricing = touFromYkcSlots(form);
        if (!pricing.ok) throw pricing.error;
        expect(touToYkcSlots(pricing.value)).toEqual(form);
      }),
    );
  });

  it.each([
    [{ slots: [0], rates: [] }, 'TARIFF_INVALID_SLOTS'],
    [
      { slots: new Array(48).fill(7), rates: new Array(4).fill({ energy: 0n, service: 0n }) },
      'TARIFF_INVALID_SLOTS',
    ],
  ])('TAR-2 rejects a malformed slot form (%#)', (form, code) => {
    const result = touFromYkcSlots(form as YkcTouForm);
    expect(result.ok ? 'ok' : result.error.code).toBe(code);
  });
});

import { unitPrice, type UnitPrice } from '../money/unit-price.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { BandPrice, TouCarPricing, TouPeriod } from './model.js';
import { MINUTES_PER_DAY, TOU_BANDS, TOU_GRID_MINUTES, periodLabel } from './tou-schedule.js';

/** YKC rate code of a half-hour slot: 0 = SHARP, 1 = PEAK, 2 = FLAT, 3 = VALLEY. */
export type SlotCode = 0 | 1 | 2 | 3;

/** The form YKC chargers hold: 48 half-hour rate codes and energy/service prices per code (10⁻⁵ CNY/kWh). */
export interface YkcTouForm {
  readonly slots: readonly SlotCode[];
  readonly rates: readonly { readonly energy: UnitPrice; readonly service: UnitPrice }[];
}

/** Half-hour slots per day. */
export const SLOTS_PER_DAY = MINUTES_PER_DAY / TOU_GRID_MINUTES;

/** Converts a canonical TOU pricing to the YKC 48-slot form; bands it does not price get zero prices. */
export function touToYkcSlots(pricing: TouCarPricing): YkcTouForm {
  const slots: SlotCode[] = [];
  for (const period of pricing.periods) {
    const code = TOU_BANDS.indexOf(period.band) as SlotCode;
    for (let m = period.fromMinute; m < period.toMinute; m += TOU_GRID_MINUTES) slots.push(code);
  }
  const rates = TOU_BANDS.map((band) => {
    const price = pricing.bands.find((b) => b.band === band);
    return { energy: price?.energy ?? unitPrice(0), service: price?.service ?? unitPrice(0) };
  });
  return { slots, rates };
}

/** Converts the YKC 48-slot form back to canonical TOU pricing (lossless inverse of touToYkcSlots). */
export function touFromYkcSlots(form: YkcTouForm): Result<TouCarPricing> {
  if (form.slots.length !== SLOTS_PER_DAY || form.rates.length !== TOU_BANDS.length) {
    return err(
      new DomainError('TARIFF_INVALID_SLOTS', `expected ${SLOTS_PER_DAY} slots and 4 rates`, {
        slots: form.slots.length,
        rates: form.rates.length,
      }),
    );
  }
  const periods: TouPeriod[] = [];
  let start = 0;
  for (let i = 1; i <= SLOTS_PER_DAY; i++) {
    const code = form.slots[start]!;
    if (!(code >= 0 && code <= 3 && Number.isInteger(code))) {
      return err(
        new DomainError('TARIFF_INVALID_SLOTS', `slot ${start} has rate code ${code}`, { slot: start, code }),
      );
    }
    if (i === SLOTS_PER_DAY || form.slots[i] !== code) {
      const band = TOU_BANDS[code]!;
      const from = start * TOU_GRID_MINUTES;
      const to = i * TOU_GRID_MINUTES;
      periods.push({ band, fromMinute: from, toMinute: to, label: periodLabel(band, from, to) });
      start = i;
    }
  }
  const used = new Set(periods.map((p) => p.band));
  const bands: BandPrice[] = [];
  TOU_BANDS.forEach((band, code) => {
    const rate = form.rates[code]!;
    if (used.has(band) || rate.energy !== 0n || rate.service !== 0n) {
      bands.push({ band, energy: rate.energy, service: rate.service });
    }
  });
  return ok({ mode: 'TOU', bands, periods });
}

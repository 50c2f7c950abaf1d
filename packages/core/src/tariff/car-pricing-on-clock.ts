import type { Bill, BillLine } from '../billing/bill.js';
import { formatKwh, type EpochMs, type Wh } from '../money/quantities.js';
import type { RoundingMode } from '../money/rounding.js';
import { DomainError } from '../shared/errors.js';
import { energyLine, finishBill, type PricingOptions } from './bill-lines.js';
import { checkReadings, splitEnergyOnClock, type MeterReading } from './energy-split-on-clock.js';
import type { BandPrice, CarTariff, TouCarPricing } from './model.js';
import { occupancyLine, type OccupancyInput } from './occupancy.js';
import type { TouBand } from './schemas.js';
import type { ZoneClock } from './zone-clock.js';

/** Options of the car pricers on a given wall clock. */
export interface CarClockPricingOptions extends PricingOptions {
  /** Adds the TAR-12 occupancy line when the tariff has an occupancy rule. */
  readonly occupancy?: OccupancyInput;
}

const FLAT_LABEL = 'flat rate, all day';

function bandPrice(pricing: TouCarPricing, band: TouBand): BandPrice {
  for (const b of pricing.bands) if (b.band === band) return b;
  throw new DomainError('TARIFF_MISSING_BAND_PRICE', `band ${band} has no price`, { band });
}

function pushEnergyAndService(
  lines: BillLine[],
  label: string,
  energy: Wh,
  energyPrice: BandPrice['energy'],
  servicePrice: BandPrice['service'],
  rounding: RoundingMode,
  band?: string,
): void {
  const kwh = formatKwh(energy);
  lines.push(energyLine('ENERGY', label, energy, energyPrice, rounding, band, kwh));
  lines.push(energyLine('SERVICE', label, energy, servicePrice, rounding, band, kwh));
}

function withOccupancy(
  tariff: CarTariff,
  lines: BillLine[],
  options: CarClockPricingOptions,
  rounding: RoundingMode,
): void {
  if (tariff.occupancy === undefined || options.occupancy === undefined) return;
  const line = occupancyLine(tariff.occupancy, options.occupancy, rounding);
  if (line !== undefined) lines.push(line);
}

/**
 * Prices a car session from its meter readings (TAR-1 FLAT, TAR-2/TAR-4 TOU) on the station's wall
 * clock: an ENERGY and a SERVICE line per period reached (in the order reached), plus occupancy
 * (TAR-12), capped at options.cap. The one car pricer: `priceCarSession` is it in an IANA zone.
 */
export function priceCarSessionOnClock(
  tariff: CarTariff,
  readings: readonly MeterReading[],
  clock: ZoneClock,
  options: CarClockPricingOptions = {},
): Bill {
  checkReadings(readings);
  const rounding = options.rounding ?? 'HALF_UP';
  const lines: BillLine[] = [];
  const pricing = tariff.pricing;
  if (pricing.mode === 'FLAT') {
    const energy = (readings[readings.length - 1]!.wh - readings[0]!.wh) as Wh;
    pushEnergyAndService(lines, FLAT_LABEL, energy, pricing.energy, pricing.service, rounding, 'FLAT_RATE');
  } else {
    const split = splitEnergyOnClock(pricing.periods, readings, clock);
    for (const index of split.order) {
      const period = pricing.periods[index]!;
      const price = bandPrice(pricing, period.band);
      const energy = split.energyByPeriod[index]! as Wh;
      pushEnergyAndService(lines, period.label, energy, price.energy, price.service, rounding, period.band);
    }
  }
  withOccupancy(tariff, lines, options, rounding);
  return finishBill(tariff, lines, options.cap);
}

/** What a car tariff test (计费测试, TAR-5) is asked. */
export interface CarQuote {
  readonly energyWh: number;
  /** TOU: price all the energy in this band … */
  readonly band?: TouBand;
  /** … or spread it evenly over [start, end] and split by period like a session (TAR-4). */
  readonly start?: EpochMs;
  readonly end?: EpochMs;
}

/** TAR-5 tariff test on the station's wall clock: the bill for a given energy (FLAT; TOU by band or by a time window). */
export function quoteCarOnClock(
  tariff: CarTariff,
  quote: CarQuote,
  clock: ZoneClock,
  options: CarClockPricingOptions = {},
): Bill {
  const { energyWh } = quote;
  if (!Number.isSafeInteger(energyWh) || energyWh < 0) {
    throw new DomainError('QUANTITY_INVALID_ENERGY', `energy ${energyWh} is not a whole non-negative Wh`, {
      energyWh,
    });
  }
  const pricing = tariff.pricing;
  if (pricing.mode === 'FLAT') {
    const rounding = options.rounding ?? 'HALF_UP';
    const lines: BillLine[] = [];
    pushEnergyAndService(
      lines,
      FLAT_LABEL,
      energyWh as Wh,
      pricing.energy,
      pricing.service,
      rounding,
      'FLAT_RATE',
    );
    withOccupancy(tariff, lines, options, rounding);
    return finishBill(tariff, lines, options.cap);
  }
  if (quote.start !== undefined && quote.end !== undefined) {
    const readings = [
      { at: quote.start, wh: 0 },
      { at: quote.end, wh: energyWh },
    ];
    return priceCarSessionOnClock(tariff, readings, clock, options);
  }
  if (quote.band === undefined) {
    throw new DomainError('TARIFF_QUOTE_NEEDS_BAND', 'a TOU quote needs a band or a start and end', {});
  }
  const rounding = options.rounding ?? 'HALF_UP';
  const price = bandPrice(pricing, quote.band);
  const lines: BillLine[] = [];
  pushEnergyAndService(lines, quote.band, energyWh as Wh, price.energy, price.service, rounding, quote.band);
  withOccupancy(tariff, lines, options, rounding);
  return finishBill(tariff, lines, options.cap);
}

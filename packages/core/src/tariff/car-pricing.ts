import type { Bill } from '../billing/bill.js';
import {
  priceCarSessionOnClock,
  quoteCarOnClock,
  type CarClockPricingOptions,
  type CarQuote,
} from './car-pricing-on-clock.js';
import type { MeterReading } from './energy-split-on-clock.js';
import { ianaZoneClock } from './iana-zone-clock.js';
import type { CarTariff } from './model.js';
import { DEFAULT_TIME_ZONE } from './zone-clock.js';

/** Options of the car pricers in an IANA time zone. */
export interface CarPricingOptions extends CarClockPricingOptions {
  /** Station IANA time zone (TOU periods are local wall-clock); Asia/Shanghai by default. */
  readonly timeZone?: string;
}

const clockOf = (options: CarPricingOptions) => ianaZoneClock(options.timeZone ?? DEFAULT_TIME_ZONE);

/**
 * Prices a car session from its meter readings (TAR-1 FLAT, TAR-2/TAR-4 TOU): an ENERGY and a SERVICE
 * line per period reached (in the order reached), plus occupancy (TAR-12), capped at options.cap.
 */
export function priceCarSession(
  tariff: CarTariff,
  readings: readonly MeterReading[],
  options: CarPricingOptions = {},
): Bill {
  return priceCarSessionOnClock(tariff, readings, clockOf(options), options);
}

/** TAR-5 tariff test: the bill for a given energy (FLAT; TOU by band or by a time window). */
export function quoteCar(tariff: CarTariff, quote: CarQuote, options: CarPricingOptions = {}): Bill {
  return quoteCarOnClock(tariff, quote, clockOf(options), options);
}

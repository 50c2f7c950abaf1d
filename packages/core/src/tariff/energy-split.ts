import { splitEnergyOnClock, type EnergySplit, type MeterReading } from './energy-split-on-clock.js';
import { ianaZoneClock } from './iana-zone-clock.js';
import type { TouPeriod } from './model.js';

export type { EnergySplit, MeterReading } from './energy-split-on-clock.js';

/** TAR-4 split (splitEnergyOnClock) in an IANA time zone. */
export function splitEnergyByPeriod(
  periods: readonly TouPeriod[],
  readings: readonly MeterReading[],
  timeZone: string,
): EnergySplit {
  return splitEnergyOnClock(periods, readings, ianaZoneClock(timeZone));
}

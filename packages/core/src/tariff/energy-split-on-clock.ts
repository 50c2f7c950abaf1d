import type { EpochMs } from '../money/quantities.js';
import { DomainError } from '../shared/errors.js';
import type { TouPeriod } from './model.js';
import type { LocalDay, ZoneClock } from './zone-clock.js';

/** A meter reading: an instant and the cumulative register in whole Wh. */
export interface MeterReading {
  readonly at: EpochMs;
  readonly wh: number;
}

/** Energy per TOU period index (summed over days), and the order periods were first reached. */
export interface EnergySplit {
  readonly energyByPeriod: readonly number[];
  readonly order: readonly number[];
  readonly total: number;
}

const LIMIT = 2 ** 51;

/** round(a / b) half-up for non-negative integers a, b with a < 2⁵¹, exact. */
function roundDiv(a: number, b: number): number {
  const twice = 2 * a + b;
  const den = 2 * b;
  let q = Math.floor(twice / den);
  if (q * den > twice) q -= 1;
  else if ((q + 1) * den <= twice) q += 1;
  return q;
}

/** Checks readings are in time order with a non-decreasing whole-Wh register (throws METER_READINGS_INVALID). */
export function checkReadings(readings: readonly MeterReading[]): void {
  if (readings.length === 0)
    throw new DomainError('METER_READINGS_INVALID', 'no meter readings', { count: 0 });
  let prev = readings[0]!;
  if (!Number.isSafeInteger(prev.wh) || prev.wh < 0 || !Number.isSafeInteger(prev.at)) {
    throw new DomainError(
      'METER_READINGS_INVALID',
      'reading 0 is not a whole non-negative Wh at a whole-ms instant',
      { index: 0 },
    );
  }
  for (let i = 1; i < readings.length; i++) {
    const r = readings[i]!;
    if (!Number.isSafeInteger(r.at) || r.at < prev.at || !Number.isSafeInteger(r.wh) || r.wh < prev.wh) {
      throw new DomainError(
        'METER_READINGS_INVALID',
        `reading ${i} goes back in time or energy, or is not a whole Wh`,
        { index: i, at: r.at, wh: r.wh, previousAt: prev.at, previousWh: prev.wh },
      );
    }
    prev = r;
  }
}

/**
 * TAR-4: attributes the energy between consecutive readings to the TOU periods their interval spans,
 * interpolating linearly at each boundary. Each boundary's cumulative share is rounded half-up to a
 * whole Wh, so per-interval shares telescope and Σ energy per period = last − first reading, exactly.
 * Readings must have passed checkReadings. The station's wall clock comes as a ZoneClock (an IANA zone's
 * or a table of UTC offsets): the same split for both.
 */
export function splitEnergyOnClock(
  periods: readonly TouPeriod[],
  readings: readonly MeterReading[],
  clock: ZoneClock,
): EnergySplit {
  const count = periods.length;
  const energy = new Array<number>(count).fill(0);
  const touched = new Array<boolean>(count).fill(false);
  const order: number[] = [];
  const first = readings[0]!;

  let day: LocalDay = clock.localDayAt(first.at);
  let index = 0;
  let segEnd = 0;
  const endOf = (i: number): number =>
    i + 1 < count ? clock.wallClockUtc(day, periods[i + 1]!.fromMinute) : day.endUtc;
  const advance = (): void => {
    index += 1;
    if (index === count) {
      index = 0;
      day = clock.nextLocalDay(day);
    }
    segEnd = endOf(index);
  };
  segEnd = endOf(0);
  while (segEnd <= first.at) advance();
  const add = (wh: number): void => {
    if (!touched[index]) {
      touched[index] = true;
      order.push(index);
    }
    energy[index]! += wh;
  };

  let prevAt = first.at;
  let prevWh = first.wh;
  for (let k = 1; k < readings.length; k++) {
    const r = readings[k]!;
    const t1 = r.at;
    const e = r.wh - prevWh;
    const t0 = prevAt;
    prevAt = t1;
    prevWh = r.wh;
    while (segEnd <= t0) advance();
    if (t1 <= segEnd) {
      if (e !== 0) add(e);
      continue;
    }
    const dt = t1 - t0;
    let allocated = 0;
    const exact = e * dt < LIMIT;
    while (segEnd < t1) {
      const cum = exact ? roundDiv(e * (segEnd - t0), dt) : bigRoundDiv(e, segEnd - t0, dt);
      if (cum !== allocated) add(cum - allocated);
      allocated = cum;
      advance();
    }
    if (e !== allocated) add(e - allocated);
  }
  return { energyByPeriod: energy, order, total: prevWh - first.wh };
}

function bigRoundDiv(e: number, part: number, whole: number): number {
  const num = 2n * BigInt(e) * BigInt(part) + BigInt(whole);
  return Number(num / (2n * BigInt(whole)));
}

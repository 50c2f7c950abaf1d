import { IANAZone } from 'luxon';
import { DomainError } from '../shared/errors.js';
import type { UtcOffsetTable } from './utc-offsets.js';
import { createZoneClock, type LocalDay, type ZoneClock } from './zone-clock.js';

// IANA time zones through luxon. Asking luxon for an offset costs ~9 µs (Intl), so there is one
// memoising clock per zone name. Not for the workflow sandbox: workflows get a UtcOffsetTable.

const clocks = new Map<string, ZoneClock>();

function ianaZone(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) {
    throw new DomainError('TARIFF_INVALID_TIME_ZONE', `"${timeZone}" is not an IANA time zone`, {
      timeZone,
    });
  }
  return zone;
}

/** The wall clock of an IANA zone (throws TARIFF_INVALID_TIME_ZONE). */
export function ianaZoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (clock === undefined) {
    const zone = ianaZone(timeZone);
    clock = createZoneClock((utc) => zone.offset(utc) * 60_000);
    clocks.set(timeZone, clock);
  }
  return clock;
}

/** The station-local day that contains the UTC instant `utc`. */
export const localDayAt = (timeZone: string, utc: number): LocalDay =>
  ianaZoneClock(timeZone).localDayAt(utc);

/** The local day after `day`. */
export const nextLocalDay = (timeZone: string, day: LocalDay): LocalDay =>
  ianaZoneClock(timeZone).nextLocalDay(day);

/** UTC instant of wall-clock `minute` (0 … 1440) on `day`. */
export const wallClockUtc = (timeZone: string, day: LocalDay, minute: number): number =>
  ianaZoneClock(timeZone).wallClockUtc(day, minute);

/** Offsets are sampled this often; no zone changes its offset twice within 6 hours. */
const SCAN_MS = 6 * 3_600_000;

/**
 * The zone's UTC offsets from `fromUtc` to `toUtc` as data (every change in the window, found to the
 * millisecond), for a workflow input. A clock over it agrees with `ianaZoneClock` at every instant of
 * the window; pass a window wider than the instants priced by a day on each side.
 */
export function utcOffsetTable(timeZone: string, fromUtc: number, toUtc: number): UtcOffsetTable {
  const zone = ianaZone(timeZone);
  const minutes = (utc: number): number => zone.offset(utc);
  const from: number[] = [fromUtc];
  const offsets: number[] = [minutes(fromUtc)];
  for (let t = fromUtc; t < toUtc;) {
    const next = Math.min(t + SCAN_MS, toUtc);
    if (minutes(next) !== offsets[offsets.length - 1]) {
      // The change lies in (t, next]: binary-search its first instant.
      let lo = t;
      let hi = next;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (minutes(mid) === offsets[offsets.length - 1]) lo = mid;
        else hi = mid;
      }
      from.push(hi);
      offsets.push(minutes(hi));
    }
    t = next;
  }
  return { timeZone, fromUtc: from, offsetMinutes: offsets };
}

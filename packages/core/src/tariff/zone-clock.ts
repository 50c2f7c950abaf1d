import { IANAZone } from 'luxon';
import { DomainError } from '../shared/errors.js';

// Station-local wall-clock ↔ UTC, for TOU boundaries and TAR-3 midnights. Asking luxon for an
// offset costs ~9 µs (Intl), so each (zone, local day) is resolved once and memoised: a pure,
// bounded cache (same input, same output), which keeps the pricing loop on plain arithmetic.

/** Default station time zone (SPEC: IANA names, default Asia/Shanghai). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const DAY_MS = 86_400_000;
const MAX_CACHED_DAYS = 4096;

/** One station-local calendar day in UTC terms. */
export interface LocalDay {
  /** Local midnight as "local epoch" ms (wall clock read as if UTC); a multiple of 86 400 000. */
  readonly dayLocal: number;
  /** UTC instant of local 00:00 (the first instant whose wall clock is ≥ 00:00). */
  readonly startUtc: number;
  /** UTC instant of the next local 00:00 (this day's 24:00). */
  readonly endUtc: number;
  /** The UTC offset in ms when constant all day; null on a day with a DST change. */
  readonly offsetMs: number | null;
}

interface ZoneEntry {
  readonly zone: IANAZone;
  readonly days: Map<number, LocalDay>;
  lastOffsetMs: number;
}
const zones = new Map<string, ZoneEntry>();

function entryFor(timeZone: string): ZoneEntry {
  let entry = zones.get(timeZone);
  if (entry === undefined) {
    const zone = IANAZone.create(timeZone);
    if (!zone.isValid) {
      throw new DomainError('TARIFF_INVALID_TIME_ZONE', `"${timeZone}" is not an IANA time zone`, {
        timeZone,
      });
    }
    entry = { zone, days: new Map(), lastOffsetMs: 0 };
    zones.set(timeZone, entry);
  }
  return entry;
}

const offsetMs = (zone: IANAZone, utc: number): number => zone.offset(utc) * 60_000;

/** The first UTC instant whose wall clock in the zone reads ≥ `local` (a time in a DST gap maps to the change). */
function localToUtc(zone: IANAZone, local: number): number {
  const before = offsetMs(zone, local - DAY_MS);
  const after = offsetMs(zone, local + DAY_MS);
  let best = Number.POSITIVE_INFINITY;
  for (const o of before === after ? [before] : [before, after]) {
    const u = local - o;
    if (offsetMs(zone, u) === o && u < best) best = u;
  }
  if (best !== Number.POSITIVE_INFINITY) return best;
  // In a spring-forward gap: binary-search the change instant.
  let lo = local - Math.max(before, after);
  let hi = local - Math.min(before, after);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid + offsetMs(zone, mid) >= local) hi = mid;
    else lo = mid;
  }
  return hi;
}

function resolveDay(entry: ZoneEntry, dayLocal: number): LocalDay {
  let day = entry.days.get(dayLocal);
  if (day === undefined) {
    const startUtc = localToUtc(entry.zone, dayLocal);
    const endUtc = localToUtc(entry.zone, dayLocal + DAY_MS);
    const o = offsetMs(entry.zone, startUtc);
    const constant = endUtc - startUtc === DAY_MS && offsetMs(entry.zone, endUtc) === o;
    day = { dayLocal, startUtc, endUtc, offsetMs: constant ? o : null };
    entry.lastOffsetMs = dayLocal - startUtc;
    if (entry.days.size >= MAX_CACHED_DAYS) entry.days.clear();
    entry.days.set(dayLocal, day);
  }
  return day;
}

/** The station-local day that contains the UTC instant `utc`. */
export function localDayAt(timeZone: string, utc: number): LocalDay {
  const entry = entryFor(timeZone);
  const guess = Math.floor((utc + entry.lastOffsetMs) / DAY_MS) * DAY_MS;
  for (const dayLocal of [guess, guess - DAY_MS, guess + DAY_MS]) {
    const day = resolveDay(entry, dayLocal);
    if (day.startUtc <= utc && utc < day.endUtc) return day;
  }
  const o = offsetMs(entry.zone, utc);
  return resolveDay(entry, Math.floor((utc + o) / DAY_MS) * DAY_MS);
}

/** The local day after `day`. */
export function nextLocalDay(timeZone: string, day: LocalDay): LocalDay {
  return resolveDay(entryFor(timeZone), day.dayLocal + DAY_MS);
}

/** UTC instant of wall-clock `minute` (0 … 1440) on `day`. */
export function wallClockUtc(timeZone: string, day: LocalDay, minute: number): number {
  if (minute === 0) return day.startUtc;
  if (minute === 1440) return day.endUtc;
  if (day.offsetMs !== null) return day.startUtc + minute * 60_000;
  return localToUtc(entryFor(timeZone).zone, day.dayLocal + minute * 60_000);
}

// Station-local wall-clock ↔ UTC, for TOU boundaries and TAR-3 midnights, on any source of UTC
// offsets: luxon's IANA zones (iana-zone-clock.ts) or a table of offsets passed as data (so the
// workflow sandbox needs no time zone library). Each local day is resolved once per clock and
// memoised: a pure, bounded cache (same input, same output), so pricing loops on plain arithmetic.

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

/** A zone's wall clock: local days and wall-clock minutes as UTC instants. */
export interface ZoneClock {
  /** The station-local day that contains the UTC instant `utc`. */
  localDayAt(utc: number): LocalDay;
  /** The local day after `day`. */
  nextLocalDay(day: LocalDay): LocalDay;
  /** UTC instant of wall-clock `minute` (0 … 1440) on `day`. */
  wallClockUtc(day: LocalDay, minute: number): number;
}

/** The UTC offset (ms, local − UTC) in force at a UTC instant. */
export type UtcOffsetAt = (utc: number) => number;

/** The first UTC instant whose wall clock reads ≥ `local` (a time in a DST gap maps to the change). */
function localToUtc(offsetMs: UtcOffsetAt, local: number): number {
  const before = offsetMs(local - DAY_MS);
  const after = offsetMs(local + DAY_MS);
  let best = Number.POSITIVE_INFINITY;
  for (const o of before === after ? [before] : [before, after]) {
    const u = local - o;
    if (offsetMs(u) === o && u < best) best = u;
  }
  if (best !== Number.POSITIVE_INFINITY) return best;
  // In a spring-forward gap: binary-search the change instant.
  let lo = local - Math.max(before, after);
  let hi = local - Math.min(before, after);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid + offsetMs(mid) >= local) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** A wall clock over a source of UTC offsets (one implementation for every source). */
export function createZoneClock(offsetMs: UtcOffsetAt): ZoneClock {
  const days = new Map<number, LocalDay>();
  let lastOffsetMs = 0;
  const resolveDay = (dayLocal: number): LocalDay => {
    let day = days.get(dayLocal);
    if (day === undefined) {
      const startUtc = localToUtc(offsetMs, dayLocal);
      const endUtc = localToUtc(offsetMs, dayLocal + DAY_MS);
      const o = offsetMs(startUtc);
      const constant = endUtc - startUtc === DAY_MS && offsetMs(endUtc) === o;
      day = { dayLocal, startUtc, endUtc, offsetMs: constant ? o : null };
      lastOffsetMs = dayLocal - startUtc;
      if (days.size >= MAX_CACHED_DAYS) days.clear();
      days.set(dayLocal, day);
    }
    return day;
  };
  return {
    localDayAt(utc) {
      const guess = Math.floor((utc + lastOffsetMs) / DAY_MS) * DAY_MS;
      for (const dayLocal of [guess, guess - DAY_MS, guess + DAY_MS]) {
        const day = resolveDay(dayLocal);
        if (day.startUtc <= utc && utc < day.endUtc) return day;
      }
      return resolveDay(Math.floor((utc + offsetMs(utc)) / DAY_MS) * DAY_MS);
    },
    nextLocalDay: (day) => resolveDay(day.dayLocal + DAY_MS),
    wallClockUtc(day, minute) {
      if (minute === 0) return day.startUtc;
      if (minute === 1440) return day.endUtc;
      if (day.offsetMs !== null) return day.startUtc + minute * 60_000;
      return localToUtc(offsetMs, day.dayLocal + minute * 60_000);
    },
  };
}

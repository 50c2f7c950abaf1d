import { DomainError } from '../shared/errors.js';
import { createZoneClock, DEFAULT_TIME_ZONE, type ZoneClock } from './zone-clock.js';

/**
 * A zone's UTC offsets as plain data, for a window of time: `offsets[i]` minutes (local − UTC) hold
 * from `fromUtc[i]` (epoch ms, inclusive) until `fromUtc[i + 1]`. The first offset also holds before
 * the window and the last after it. Computed outside the workflow (`utcOffsetTable`, luxon) and
 * passed in its input, so the sandbox needs no time zone library and a replay never depends on the
 * worker's tz data.
 */
export interface UtcOffsetTable {
  readonly timeZone: string;
  readonly fromUtc: readonly number[];
  readonly offsetMinutes: readonly number[];
}

/**
 * The default zone's offsets: Asia/Shanghai has been UTC+08:00 since its last DST change
 * (1991-09-15 02:00 local, UTC+09:00 → UTC+08:00); earlier instants are read as UTC+08:00 too.
 */
export const DEFAULT_UTC_OFFSETS: UtcOffsetTable = {
  timeZone: DEFAULT_TIME_ZONE,
  fromUtc: [Date.UTC(1991, 8, 14, 17)],
  offsetMinutes: [480],
};

/** Checks a table is well formed (same lengths, ≥ 1 entry, instants rising, whole-minute offsets); throws TARIFF_INVALID_UTC_OFFSETS. */
export function checkUtcOffsetTable(table: UtcOffsetTable): void {
  const { fromUtc, offsetMinutes } = table;
  const bad = (reason: string): never => {
    throw new DomainError('TARIFF_INVALID_UTC_OFFSETS', `UTC offsets of ${table.timeZone}: ${reason}`, {
      timeZone: table.timeZone,
    });
  };
  if (fromUtc.length === 0 || fromUtc.length !== offsetMinutes.length) bad('no entries or lengths differ');
  for (let i = 0; i < fromUtc.length; i++) {
    if (!Number.isSafeInteger(fromUtc[i]) || (i > 0 && fromUtc[i]! <= fromUtc[i - 1]!))
      bad('instants not rising');
    if (!Number.isSafeInteger(offsetMinutes[i]) || Math.abs(offsetMinutes[i]!) > 18 * 60)
      bad('offset invalid');
  }
}

/** A wall clock read from a table of UTC offsets (no time zone library): the same clock pricing uses for IANA zones. */
export function offsetTableClock(table: UtcOffsetTable): ZoneClock {
  checkUtcOffsetTable(table);
  const { fromUtc, offsetMinutes } = table;
  return createZoneClock((utc) => {
    let lo = 0;
    let hi = fromUtc.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (fromUtc[mid]! <= utc) lo = mid;
      else hi = mid - 1;
    }
    return offsetMinutes[lo]! * 60_000;
  });
}

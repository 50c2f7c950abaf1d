import { DateTime } from 'luxon';
import type { EpochMs } from '../money/quantities.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { TariffVersionStamp } from './model.js';
import { localDayAt } from './iana-zone-clock.js';
import { DEFAULT_TIME_ZONE } from './zone-clock.js';

/** The instant (epoch ms) a version saved at ISO `savedAt` takes effect: 24:00 station-local of that day (TAR-3). */
export function effectiveFrom(savedAt: string, timeZone: string = DEFAULT_TIME_ZONE): EpochMs {
  const saved = DateTime.fromISO(savedAt, { setZone: true });
  if (!saved.isValid) {
    throw new DomainError('TARIFF_INVALID_SAVED_AT', `"${savedAt}" is not an ISO 8601 instant`, { savedAt });
  }
  return localDayAt(timeZone, saved.toMillis()).endUtc;
}

/**
 * TAR-3: the version in force at `sessionStart` (epoch ms): the one with the latest effective-from
 * at or before it (a later version number wins a tie). The whole session is priced by it, even
 * across midnight. TARIFF_NOT_IN_FORCE when none is effective yet.
 */
export function tariffInForce<T extends TariffVersionStamp>(
  versions: readonly T[],
  sessionStart: EpochMs,
  timeZone: string = DEFAULT_TIME_ZONE,
): Result<T> {
  let best: T | undefined;
  let bestFrom = Number.NEGATIVE_INFINITY;
  for (const v of versions) {
    const from = effectiveFrom(v.savedAt, timeZone);
    if (from > sessionStart) continue;
    if (best === undefined || from > bestFrom || (from === bestFrom && v.version > best.version)) {
      best = v;
      bestFrom = from;
    }
  }
  if (best === undefined) {
    return err(
      new DomainError(
        'TARIFF_NOT_IN_FORCE',
        `no tariff version is in force at ${DateTime.fromMillis(sessionStart, { zone: timeZone }).toISO()}`,
        {
          sessionStart,
          timeZone,
          versions: versions.map((v) => ({ id: v.id, version: v.version, savedAt: v.savedAt })),
        },
      ),
    );
  }
  return ok(best);
}

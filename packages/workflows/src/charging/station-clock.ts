import {
  DEFAULT_TIME_ZONE,
  DEFAULT_UTC_OFFSETS,
  DomainError,
  err,
  isDomainError,
  offsetTableClock,
  ok,
  type Result,
  type ZoneClock,
} from '@chargeflow/core';
import type { ChargingSessionInput } from './input.js';

/**
 * The station's wall clock for TOU pricing (TAR-2, TAR-4), from the UTC offsets the caller put in the
 * input: no time zone library in the sandbox. Errors: TARIFF_UTC_OFFSETS_MISSING (a TOU tariff outside
 * Asia/Shanghai without offsets), TARIFF_UTC_OFFSETS_ZONE_MISMATCH, TARIFF_INVALID_UTC_OFFSETS.
 */
export function stationClock(
  input: Pick<ChargingSessionInput, 'tariff' | 'timeZone' | 'utcOffsets'>,
): Result<ZoneClock> {
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  let table = input.utcOffsets;
  if (table === undefined) {
    if (timeZone !== DEFAULT_TIME_ZONE && input.tariff.pricing.mode === 'TOU') {
      return err(
        new DomainError('TARIFF_UTC_OFFSETS_MISSING', `a TOU session in ${timeZone} needs its UTC offsets`, {
          timeZone,
        }),
      );
    }
    table = DEFAULT_UTC_OFFSETS;
  } else if (table.timeZone !== timeZone) {
    return err(
      new DomainError(
        'TARIFF_UTC_OFFSETS_ZONE_MISMATCH',
        `UTC offsets of ${table.timeZone} for a station in ${timeZone}`,
        { timeZone, offsetsTimeZone: table.timeZone },
      ),
    );
  }
  try {
    return ok(offsetTableClock(table));
  } catch (error) {
    if (isDomainError(error)) return err(error);
    throw error;
  }
}

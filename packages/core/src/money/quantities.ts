import { DomainError } from '../shared/errors.js';

/**
 * Energy in whole watt-hours. A plain (safe-integer) number, so the hot pricing loop stays on
 * machine arithmetic; integers below 2⁵³ are exact in a double, so no precision is lost.
 */
export type Wh = number & { readonly __unit: 'Wh' };

/** A duration in whole seconds. */
export type Seconds = number & { readonly __unit: 's' };

/** An instant as epoch milliseconds (UTC). The core never reads the clock: instants are passed in. */
export type EpochMs = number;

/** Makes a Wh from a non-negative safe integer. */
export function wh(value: number): Wh {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainError(
      'QUANTITY_INVALID_ENERGY',
      `energy ${value} is not a non-negative whole number of Wh`,
      {
        value,
      },
    );
  }
  return value as Wh;
}

/** Makes Seconds from a non-negative safe integer. */
export function seconds(value: number): Seconds {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainError(
      'QUANTITY_INVALID_DURATION',
      `duration ${value} is not a non-negative whole number of seconds`,
      {
        value,
      },
    );
  }
  return value as Seconds;
}

/** Formats Wh as a kWh decimal string with exactly 3 decimals ("12.345"). */
export function formatKwh(energy: Wh): string {
  const frac = energy % 1000;
  return `${(energy - frac) / 1000}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}`;
}

/** Number of started units of `unitSeconds` in `duration` (a partial unit counts as a whole one). */
export function startedUnits(duration: Seconds, unitSeconds: number): number {
  return Math.ceil(duration / unitSeconds);
}

/** Formats seconds as a compact "1 h 05 min 07 s"-style label for bills. */
export function formatDuration(duration: Seconds): string {
  const h = Math.floor(duration / 3600);
  const m = Math.floor((duration % 3600) / 60);
  const s = duration % 60;
  const mm = m < 10 ? `0${m}` : `${m}`;
  const ss = s < 10 ? `0${s}` : `${s}`;
  return s === 0 ? `${h} h ${mm} min` : `${h} h ${mm} min ${ss} s`;
}

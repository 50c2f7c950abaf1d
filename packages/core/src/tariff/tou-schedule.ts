import { parseUnitPrice } from '../money/unit-price.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { BandPrice, TouCarPricing, TouPeriod } from './model.js';
import type { TouBand } from './schemas.js';

/** Minutes in a day. */
export const MINUTES_PER_DAY = 1440;
/** TOU boundaries fall on this grid (TAR-2). */
export const TOU_GRID_MINUTES = 30;
/** The bands in canonical order; index = YKC rate code. */
export const TOU_BANDS: readonly TouBand[] = ['SHARP', 'PEAK', 'FLAT', 'VALLEY'];

/** Formats minutes of the day as "HH:MM" (1440 → "24:00"). */
export function formatWallClock(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

/** The bill label of a period: "PEAK 08:00–11:00". */
export function periodLabel(band: TouBand, fromMinute: number, toMinute: number): string {
  return `${band} ${formatWallClock(fromMinute)}–${formatWallClock(toMinute)}`;
}

interface RawPeriod {
  readonly from: string;
  readonly to: string;
  readonly band: TouBand;
}
interface RawBand {
  readonly band: TouBand;
  readonly energyPrice: string;
  readonly servicePrice: string;
}
interface Piece {
  readonly band: TouBand;
  readonly from: number;
  readonly to: number;
}

const fail = (code: string, message: string, details: Record<string, unknown>): Result<never> =>
  err(new DomainError(code, message, details));

function toMinute(text: string): number {
  const minute = Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
  return minute;
}

/**
 * Validates TOU periods and band prices (TAR-2) and compiles them to the canonical form.
 * Errors: TARIFF_TOO_MANY_BANDS, TARIFF_DUPLICATE_BAND, TARIFF_INVALID_TIME, TARIFF_OFF_GRID,
 * TARIFF_EMPTY_PERIOD, TARIFF_MISSING_BAND_PRICE, TARIFF_OVERLAP, TARIFF_GAP; each names the interval.
 */
export function compileTouPricing(
  periods: readonly RawPeriod[],
  bands: readonly RawBand[],
): Result<TouCarPricing> {
  if (bands.length > TOU_BANDS.length) {
    return fail(
      'TARIFF_TOO_MANY_BANDS',
      `${bands.length} bands priced; at most 4 (SHARP, PEAK, FLAT, VALLEY)`,
      {
        count: bands.length,
        bands: bands.map((b) => b.band),
      },
    );
  }
  const priced = new Map<TouBand, BandPrice>();
  for (const b of bands) {
    if (priced.has(b.band)) {
      return fail('TARIFF_DUPLICATE_BAND', `band ${b.band} is priced twice`, { band: b.band });
    }
    priced.set(b.band, {
      band: b.band,
      energy: parseUnitPrice(b.energyPrice),
      service: parseUnitPrice(b.servicePrice),
    });
  }

  const pieces: Piece[] = [];
  for (const p of periods) {
    const interval = `${p.from}–${p.to}`;
    const from = toMinute(p.from);
    let to = toMinute(p.to);
    if (from > MINUTES_PER_DAY || to > MINUTES_PER_DAY || from === MINUTES_PER_DAY) {
      return fail('TARIFF_INVALID_TIME', `period ${p.band} ${interval}: time beyond 24:00`, {
        interval,
        band: p.band,
      });
    }
    for (const [label, minute] of [
      [p.from, from],
      [p.to, to],
    ] as const) {
      if (minute % TOU_GRID_MINUTES !== 0) {
        return fail(
          'TARIFF_OFF_GRID',
          `period ${p.band} ${interval}: boundary ${label} is off the 30-minute grid`,
          {
            interval,
            band: p.band,
            boundary: label,
          },
        );
      }
    }
    if (!priced.has(p.band)) {
      return fail('TARIFF_MISSING_BAND_PRICE', `period ${p.band} ${interval}: band ${p.band} has no price`, {
        interval,
        band: p.band,
      });
    }
    if (to === 0) to = MINUTES_PER_DAY;
    if (from === to) {
      return fail('TARIFF_EMPTY_PERIOD', `period ${p.band} ${interval} is empty`, { interval, band: p.band });
    }
    if (to < from) {
      pieces.push({ band: p.band, from, to: MINUTES_PER_DAY }, { band: p.band, from: 0, to });
    } else {
      pieces.push({ band: p.band, from, to });
    }
  }
  pieces.sort((a, b) => a.from - b.from || a.to - b.to);

  let cursor = 0;
  const merged: Piece[] = [];
  for (const piece of pieces) {
    if (piece.from > cursor) {
      const interval = `${formatWallClock(cursor)}–${formatWallClock(piece.from)}`;
      return fail('TARIFF_GAP', `gap ${interval}: no period covers it`, { interval });
    }
    if (piece.from < cursor) {
      const interval = `${formatWallClock(piece.from)}–${formatWallClock(Math.min(cursor, piece.to))}`;
      return fail('TARIFF_OVERLAP', `overlap ${interval}: covered by more than one period`, { interval });
    }
    const last = merged[merged.length - 1];
    if (last !== undefined && last.band === piece.band) merged[merged.length - 1] = { ...last, to: piece.to };
    else merged.push(piece);
    cursor = piece.to;
  }
  if (cursor < MINUTES_PER_DAY) {
    const interval = `${formatWallClock(cursor)}–24:00`;
    return fail('TARIFF_GAP', `gap ${interval}: no period covers it`, { interval });
  }

  const used = new Set(merged.map((p) => p.band));
  const canonicalBands: BandPrice[] = [];
  for (const band of TOU_BANDS) {
    const price = priced.get(band);
    if (price && (used.has(band) || price.energy !== 0n || price.service !== 0n)) canonicalBands.push(price);
  }
  const canonicalPeriods: TouPeriod[] = merged.map((p) => ({
    band: p.band,
    fromMinute: p.from,
    toMinute: p.to,
    label: periodLabel(p.band, p.from, p.to),
  }));
  return ok({ mode: 'TOU', bands: canonicalBands, periods: canonicalPeriods });
}

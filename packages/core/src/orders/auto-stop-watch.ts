import type { Fen } from '../money/fen.js';
import { MICRO_FEN_PER_FEN } from '../money/precise.js';
import type { UnitPrice } from '../money/unit-price.js';
import { fundingCap } from './settlement.js';
import type { AutoStopLimits, Funding, SessionReading } from './types.js';

/** What `autoStopWatch` needs: the session's funding and limits, its start and last reading, the fee so far. */
export interface AutoStopWatchInput {
  readonly funding: Funding;
  readonly limits: AutoStopLimits;
  readonly start: SessionReading | undefined;
  readonly last: SessionReading;
  /** The running fee at `last` (the fee the ORD-4 funding check compares). */
  readonly fee: Fen;
  /** The dearest energy + service price per kWh of the tariff (any band). */
  readonly dearestPerKwh: UnitPrice;
  /** Fen the rounding of the bill's lines may add beyond the exact price (one per line that can change). */
  readonly roundingSlackFen: bigint;
}

/**
 * Decision 0019, ORD-4: the lowest cumulative meter reading (Wh) at which a later sample could make
 * `autoStopReason` stop the session, so readings below it need not reach the session at once.
 * - a SoC or duration target: 0, every sample (neither follows energy);
 * - a target energy: start + target;
 * - a funding cap: last + the energy the remaining funds buy at the dearest rate, after the rounding
 *   slack (the fee cannot grow faster than that per Wh); within the slack of the cap: 0, every sample.
 * Null when nothing can stop the session by itself (no cap, no target).
 */
export function autoStopWatch(input: AutoStopWatchInput): number | null {
  const { limits, last } = input;
  if (limits.targetSoc !== undefined || limits.targetDurationS !== undefined) return 0;
  const candidates: number[] = [];
  if (limits.targetEnergyWh !== undefined) {
    candidates.push((input.start?.energyWh ?? 0) + limits.targetEnergyWh);
  }
  const cap = fundingCap(input.funding);
  if (cap !== undefined && input.dearestPerKwh > 0n) {
    const headroom = cap - input.fee - input.roundingSlackFen;
    // fen per Wh = unit price (10⁻⁵ CNY per kWh) / 10⁶, so Wh = fen × 10⁶ / unit price.
    candidates.push(
      headroom <= 0n ? 0 : last.energyWh + Number((headroom * MICRO_FEN_PER_FEN) / input.dearestPerKwh),
    );
  }
  return candidates.length === 0 ? null : Math.min(...candidates);
}

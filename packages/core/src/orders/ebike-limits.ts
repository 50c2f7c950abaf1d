import type { Fen } from '../money/fen.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { fundingCap } from './settlement.js';
import type { Funding, StopReason } from './types.js';

/** The limits an e-bike session stops itself at (TAR-6…TAR-10 auto-stop, ORD-4). */
export interface EbikeStopLimits {
  /** The tariff's auto-stop threshold in seconds (≤ 48 h). */
  readonly thresholdS: number;
  /** Stop once the running fee goes above this amount (the tariff's auto-stop amount, or a lower one chosen at start). */
  readonly autoStopAmount?: Fen;
}

/**
 * ORD-4 for e-bikes: the stop a session requests by itself. Funds and amount stop when the running
 * fee goes *above* them, not when it reaches them: duration bands round up, so a 1 CNY prepay on
 * "1 CNY per 4 h" reaches 1.00 at minute 11 and must still buy the whole 4 h; the bill is capped at
 * the prepay (and the amount), so the overshoot of the last sample interval is never charged.
 */
export function ebikeStopReason(
  funding: Funding,
  limits: EbikeStopLimits,
  durationS: number,
  runningFee: Fen,
): StopReason | undefined {
  const cap = fundingCap(funding);
  if (cap !== undefined && runningFee > cap) return 'PREPAY_EXHAUSTED';
  if (durationS >= limits.thresholdS) return 'AUTO_STOP';
  if (limits.autoStopAmount !== undefined && runningFee > limits.autoStopAmount) return 'AUTO_STOP';
  return undefined;
}

/**
 * ORD-5: a duration an operator enters to end an e-bike order with: whole seconds, not below zero
 * and not beyond the time the session has run (`elapsedS`).
 */
export function checkEnteredDuration(durationS: number, elapsedS: number): Result<number> {
  if (!Number.isSafeInteger(durationS) || durationS < 0 || durationS > Math.max(0, elapsedS)) {
    return err(
      new DomainError(
        'EBIKE_END_DURATION_INVALID',
        `an entered duration must be whole seconds between 0 and the ${Math.max(0, Math.floor(elapsedS))} s the session has run`,
        { durationS, elapsedS: Math.max(0, Math.floor(elapsedS)) },
      ),
    );
  }
  return ok(durationS);
}

import type { Fen } from '../money/fen.js';
import { fundingCap } from './settlement.js';
import type { AutoStopLimits, Funding, SessionReading, StopReason } from './types.js';

/** ORD-7: a reading is taken only when it is newer than the last and no counter went down; an exact repeat is not new. */
export function isNewerReading(last: SessionReading | undefined, next: SessionReading): boolean {
  if (last === undefined) return true;
  if (next.at < last.at || next.energyWh < last.energyWh) return false;
  if (next.durationS !== undefined && last.durationS !== undefined && next.durationS < last.durationS)
    return false;
  return next.at > last.at || next.energyWh > last.energyWh || (next.durationS ?? 0) > (last.durationS ?? 0);
}

/** The later of two readings under isNewerReading (the last one when `next` is stale). */
export function latestReading(
  last: SessionReading | undefined,
  next: SessionReading | undefined,
): SessionReading | undefined {
  if (next === undefined) return last;
  return isNewerReading(last, next) ? next : last;
}

/**
 * ORD-4: the stop the core requests by itself on a meter sample: funds exhausted (the workflow's
 * running fee reached the prepay or card balance) or a target (energy, SoC, duration) reached.
 */
export function autoStopReason(
  funding: Funding,
  limits: AutoStopLimits,
  start: SessionReading | undefined,
  reading: SessionReading,
  runningFee: Fen | undefined,
): StopReason | undefined {
  const cap = fundingCap(funding);
  if (cap !== undefined && runningFee !== undefined && runningFee >= cap) return 'PREPAY_EXHAUSTED';
  const delivered = reading.energyWh - (start?.energyWh ?? 0);
  if (limits.targetEnergyWh !== undefined && delivered >= limits.targetEnergyWh) return 'TARGET_REACHED';
  if (limits.targetSoc !== undefined && reading.soc !== undefined && reading.soc >= limits.targetSoc)
    return 'TARGET_REACHED';
  const duration = (reading.durationS ?? 0) - (start?.durationS ?? 0);
  if (
    limits.targetDurationS !== undefined &&
    reading.durationS !== undefined &&
    duration >= limits.targetDurationS
  ) {
    return 'TARGET_REACHED';
  }
  return undefined;
}

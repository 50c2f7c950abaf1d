import {
  type UnitPrice,
  fundingCap,
  priceCarSessionOnClock,
  splitEnergyOnClock,
  type Bill,
  type CarTariff,
  type MeterReading,
  type SessionPricer,
  type SessionReading,
  type ZoneClock,
} from '@chargeflow/core';

/** The session's tariff version and the station's wall clock (from the input's UTC offset table). */
export interface SessionTariff {
  readonly tariff: CarTariff;
  readonly clock: ZoneClock;
}

/**
 * The compact meter log a session workflow keeps for pricing (raw samples go to telemetry elsewhere).
 *
 * Pricing (TAR-4) only depends on how energy splits over TOU period indexes. A reading whose two
 * neighbours lie in one period index (no TOU boundary between them) cannot change that split, so it
 * is dropped. What stays is the first and last reading plus, around each boundary crossed, the last
 * reading before it and the first after it: about two readings per boundary (≤ 96 a day on a
 * 30-minute grid; 2 for a FLAT tariff), however often the charger samples. Late (out-of-order)
 * readings are inserted in time order, so the kept set, and hence the bill, does not depend on the
 * order samples arrived in (ORD-7).
 */
export interface ReadingLog {
  readonly readings: readonly MeterReading[];
}

/** True when all energy between two instants goes to one period index of the tariff (so a reading between is redundant). */
function oneSegment({ tariff, clock }: SessionTariff, from: number, to: number): boolean {
  if (tariff.pricing.mode === 'FLAT') return true;
  // One synthetic Wh per ms: any boundary strictly inside gets a non-zero share on both sides.
  const span = Math.max(1, Math.min(to - from, 2 ** 40));
  const split = splitEnergyOnClock(
    tariff.pricing.periods,
    [
      { at: from, wh: 0 },
      { at: Math.max(to, from + 1), wh: span },
    ],
    clock,
  );
  return split.order.length <= 1;
}

/** Inserts a reading in time order (skipping repeats and readings inconsistent with their neighbours) and compacts around it. */
export function addReading(
  readings: readonly MeterReading[],
  next: MeterReading,
  tariff: SessionTariff,
): readonly MeterReading[] {
  let index = readings.length;
  while (index > 0 && readings[index - 1]!.at > next.at) index -= 1;
  const before = readings[index - 1];
  const after = readings[index];
  if (before !== undefined && (before.at === next.at || before.wh > next.wh)) return readings;
  if (after !== undefined && after.wh < next.wh) return readings;
  const list = [...readings.slice(0, index), next, ...readings.slice(index)];
  // Only the inserted reading and its two neighbours can have become redundant.
  for (let i = Math.min(index + 1, list.length - 2); i >= Math.max(1, index - 1); i -= 1) {
    const prev = list[i - 1];
    const following = list[i + 1];
    if (prev !== undefined && following !== undefined && oneSegment(tariff, prev.at, following.at)) {
      list.splice(i, 1);
    }
  }
  return list;
}

/** The readings core's pricer needs for a session from `start` to `end`: start, the kept ones between, end. */
export function sessionReadings(
  readings: readonly MeterReading[],
  start: SessionReading | undefined,
  end: SessionReading,
): MeterReading[] {
  const first: MeterReading = start === undefined ? (readings[0] ?? toMeter(end)) : toMeter(start);
  // Defensive clamp: a device clock or register that went backwards must not crash the workflow.
  const last: MeterReading = { at: Math.max(end.at, first.at), wh: Math.max(end.energyWh, first.wh) };
  const between = readings.filter(
    (r) => r.at > first.at && r.at < last.at && r.wh >= first.wh && r.wh <= last.wh,
  );
  const result: MeterReading[] = [first];
  for (const r of between) if (r.wh >= result[result.length - 1]!.wh) result.push(r);
  result.push(last);
  return result;
}

/** A meter reading from a session reading. */
export function toMeter(reading: SessionReading): MeterReading {
  return { at: reading.at, wh: reading.energyWh };
}

/**
 * The SessionPricer handed to `transitionCarOrder`: core's `priceCarSession` over the compact log,
 * capped at the funding (ORD-6). `onBill` sees every bill produced, so the settlement's bill can be persisted.
 */
export function createSessionPricer(
  { tariff, clock }: SessionTariff,
  readings: () => readonly MeterReading[],
  onBill: (bill: Bill) => void = () => undefined,
): SessionPricer {
  return ({ start, end, funding }) => {
    const cap = fundingCap(funding);
    const bill = priceCarSessionOnClock(
      tariff,
      sessionReadings(readings(), start, end),
      clock,
      cap === undefined ? {} : { cap },
    );
    onBill(bill);
    return bill;
  };
}

/** Decision 0019: the dearest energy + service price per kWh of any band of the tariff. */
export function dearestPerKwh({ tariff }: SessionTariff): UnitPrice {
  const pricing = tariff.pricing;
  if (pricing.mode === 'FLAT') return (pricing.energy + pricing.service) as UnitPrice;
  let dearest = 0n;
  for (const band of pricing.bands) {
    const price = band.energy + band.service;
    if (price > dearest) dearest = price;
  }
  return dearest as UnitPrice;
}

/**
 * Decision 0019: fen the line rounding can add to a running fee beyond its exact price while the
 * meter moves on for up to a day: one per ENERGY and SERVICE line of every period that can be
 * entered, plus the two lines of the current period.
 */
export function roundingSlackFen({ tariff }: SessionTariff): bigint {
  const periods = tariff.pricing.mode === 'FLAT' ? 1 : tariff.pricing.periods.length;
  return BigInt(2 * periods + 4);
}

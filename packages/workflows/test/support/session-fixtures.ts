// Inputs and expectations shared by the charging session integration tests.
import {
  fundingCap,
  parseCarTariff,
  priceCarSession,
  unwrap,
  type Bill,
  type CarTariffDefinition,
  type Fen,
  type MeterReading,
} from '@chargeflow/core';
import type { ChargingSessionInput } from '../../src/charging/input.js';

/** A TOU day with a VALLEY → PEAK boundary at 08:00 Asia/Shanghai. */
export const TOU_TARIFF: CarTariffDefinition = {
  kind: 'CAR',
  id: 'T-TOU',
  version: 3,
  savedAt: '2024-04-30T10:00:00+08:00',
  pricing: {
    mode: 'TOU',
    bands: [
      { band: 'PEAK', energyPrice: '0.95000', servicePrice: '0.60000' },
      { band: 'FLAT', energyPrice: '0.65000', servicePrice: '0.60000' },
      { band: 'VALLEY', energyPrice: '0.30000', servicePrice: '0.40000' },
    ],
    periods: [
      { from: '23:00', to: '08:00', band: 'VALLEY' },
      { from: '08:00', to: '11:00', band: 'PEAK' },
      { from: '11:00', to: '23:00', band: 'FLAT' },
    ],
  },
};

/** 07:30 Asia/Shanghai on a May day: a session from here crosses the 08:00 boundary. */
export const T0 = Date.parse('2024-05-10T07:30:00+08:00');
export const MINUTE = 60_000;

/** Heartbeat timeout of the tests. */
export const HEARTBEAT_MS = 5 * MINUTE;

/** A prepaid app session input for the given order (prepay in fen). */
export function sessionInput(
  orderNo: string,
  prepay: bigint = 5000n,
  options: ChargingSessionInput['options'] = {},
): ChargingSessionInput {
  return {
    tenantId: 'tenant-1',
    orderNo,
    stationId: 'S1',
    chargerSerial: 'CHG-001',
    connectorNo: 1,
    startWay: 'APP',
    funding: { kind: 'PREPAY', paymentNo: `PY-${orderNo}`, prepay: prepay as Fen },
    tariff: unwrap(parseCarTariff(TOU_TARIFF)),
    timeouts: { startMs: 2 * MINUTE, heartbeatMs: HEARTBEAT_MS, stopMs: 2 * MINUTE },
    preconditions: {
      assets: { stationEnabled: true, areaEnabled: true, chargerEnabled: true, connectorEnabled: true },
      prepayPaid: true,
    },
    options: { afterEndListenMs: 0, ...options },
  };
}

/** What core's pricing returns for the full, uncompacted readings (the expectation). */
export function expectedBill(input: ChargingSessionInput, readings: readonly MeterReading[]): Bill {
  const cap = fundingCap(input.funding);
  return priceCarSession(input.tariff, readings, cap === undefined ? {} : { cap });
}

/** Readings every 5 minutes from T0 for `count` samples, `whPerStep` each, starting at `startWh`. */
export function readingsFrom(startWh: number, count: number, whPerStep = 600): MeterReading[] {
  return Array.from({ length: count + 1 }, (_, i) => ({
    at: T0 + i * 5 * MINUTE,
    wh: startWh + i * whPerStep,
  }));
}

// A scripted charger for tests: builds SPEC §14 device events for one order.
import type { DeviceEvent } from '@chargeflow/core';

/** Builds device events for one charger, connector and order; ids are unique per event. */
export function scriptedCharger(serialNo: string, connectorNo: number, orderNo: string) {
  let n = 0;
  const envelope = (at: number) => ({
    eventId: `${orderNo}-ev-${++n}`,
    serialNo,
    occurredAt: new Date(at).toISOString(),
  });
  return {
    startAccepted: (at: number, meterWh: number): DeviceEvent => ({
      ...envelope(at),
      type: 'START_ACCEPTED',
      connectorNo,
      orderNo,
      meterWh,
    }),
    startRejected: (at: number, reason: string): DeviceEvent => ({
      ...envelope(at),
      type: 'START_REJECTED',
      connectorNo,
      orderNo,
      reason,
    }),
    sample: (at: number, meterWh: number): DeviceEvent => ({
      ...envelope(at),
      type: 'METER_SAMPLE',
      connectorNo,
      orderNo,
      meterWh,
      powerW: 7000,
    }),
    heartbeat: (at: number): DeviceEvent => ({ ...envelope(at), type: 'HEARTBEAT' }),
    stopped: (at: number, meterWh: number): DeviceEvent => ({
      ...envelope(at),
      type: 'STOPPED',
      connectorNo,
      orderNo,
      meterWh,
      reason: 'USER',
    }),
  };
}

/** A deterministic shuffle (mulberry32), so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// A scripted e-bike box for tests: SPEC §14 device events for one socket and order.
import type { DeviceEvent } from '@chargeflow/core';

/** Builds the device events of one socket of an e-bike box for one order; ids are unique per event. */
export function scriptedEbikeBox(serialNo: string, socketNo: number, orderNo: string) {
  let n = 0;
  const envelope = (at: number) => ({
    eventId: `${orderNo}-ev-${++n}`,
    serialNo,
    occurredAt: new Date(at).toISOString(),
  });
  const order = { connectorNo: socketNo, orderNo };
  return {
    startAccepted: (at: number): DeviceEvent => ({
      ...envelope(at),
      ...order,
      type: 'START_ACCEPTED',
      meterWh: 0,
    }),
    startRejected: (at: number, reason: string): DeviceEvent => ({
      ...envelope(at),
      ...order,
      type: 'START_REJECTED',
      reason,
    }),
    sample: (at: number, meterWh: number, powerW: number): DeviceEvent => ({
      ...envelope(at),
      ...order,
      type: 'METER_SAMPLE',
      meterWh,
      powerW,
    }),
    heartbeat: (at: number): DeviceEvent => ({ ...envelope(at), type: 'HEARTBEAT' }),
    stopped: (at: number, meterWh: number, reason: 'USER' | 'AUTO_STOP' | 'OTHER' = 'USER'): DeviceEvent => ({
      ...envelope(at),
      ...order,
      type: 'STOPPED',
      meterWh,
      reason,
    }),
  };
}

import type { DeviceEvent } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { mayHold, type HoldContext, type SignalGroup } from './signal-plan.js';

const at = '2026-12-04T10:00:00+08:00';
const meter = (eventId: string, meterWh: number): DeviceEvent => ({
  eventId,
  serialNo: 'SN1',
  occurredAt: at,
  type: 'METER_SAMPLE',
  connectorNo: 1,
  orderNo: 'CH1',
  meterWh,
  powerW: 7000,
});
const heartbeat: DeviceEvent = { eventId: 'h1', serialNo: 'SN1', occurredAt: at, type: 'HEARTBEAT' };
const group = (...events: DeviceEvent[]): SignalGroup => ({
  tenantId: 'ta',
  orderNo: 'CH1',
  serialNo: 'SN1',
  items: events.map((event) => ({ event, tenantId: 'ta' })),
});
const charging: HoldContext = {
  watch: { status: 'CHARGING', watchWh: 12_000 },
  sinceSignalMs: 30_000,
  checkpointMs: 120_000,
};

describe('mayHold (decision 0019)', () => {
  it('ORD-7, §14: samples below the watch of a CHARGING order signalled within the checkpoint are held (recorded only), heartbeats with them too', () => {
    expect(mayHold(group(meter('m1', 11_000), heartbeat, meter('m2', 11_999)), charging)).toBe(true);
  });

  it('ORD-4: a sample at or past the watch is signalled at once (the limit is the workflow’s to apply)', () => {
    expect(mayHold(group(meter('m1', 11_000), meter('m2', 12_000)), charging)).toBe(false);
  });

  it('ORD-3: a session not signalled since the checkpoint, or never by this process, is signalled', () => {
    expect(mayHold(group(meter('m1', 100)), { ...charging, sinceSignalMs: 120_000 })).toBe(false);
    expect(mayHold(group(meter('m1', 100)), { ...charging, sinceSignalMs: undefined })).toBe(false);
  });

  it('an order not CHARGING, without a watch, or unknown as a car order is signalled', () => {
    const watch = charging.watch!;
    expect(mayHold(group(meter('m1', 100)), { ...charging, watch: { ...watch, status: 'STARTING' } })).toBe(
      false,
    );
    expect(mayHold(group(meter('m1', 100)), { ...charging, watch: { ...watch, watchWh: null } })).toBe(false);
    expect(mayHold(group(meter('m1', 100)), { ...charging, watch: undefined })).toBe(false);
  });

  it('ORD-7: a group with an edge (STOPPED) or with signs of life only is signalled', () => {
    const stopped: DeviceEvent = {
      eventId: 's1',
      serialNo: 'SN1',
      occurredAt: at,
      type: 'STOPPED',
      connectorNo: 1,
      orderNo: 'CH1',
      meterWh: 11_500,
      reason: 'USER',
    } as DeviceEvent;
    expect(mayHold(group(meter('m1', 100), stopped), charging)).toBe(false);
    expect(mayHold(group(heartbeat), charging)).toBe(false);
  });
});

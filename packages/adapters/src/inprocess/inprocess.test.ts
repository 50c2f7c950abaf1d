import type { DeviceCommand, DeviceEvent } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { InMemoryDedupStore } from '../kafka/dedup.js';
import { isKafkaAdapterError } from '../kafka/errors.js';
import { InProcessDeviceCommandBus } from './command-bus.js';
import { InProcessDeviceEventPath } from './event-path.js';
import { InProcessChargerFleet } from './fleet.js';
import { SessionClock } from './session-clock.js';
import { InMemoryTelemetryStore } from './telemetry.js';

const T0 = Date.parse('2026-05-01T02:00:00Z');
const start: DeviceCommand = {
  commandId: 'CH1:START',
  serialNo: 'SN1',
  issuedAt: new Date(T0).toISOString(),
  type: 'START_CHARGING',
  connectorNo: 1,
  orderNo: 'CH1',
} as DeviceCommand;

function sample(eventId: string, meterWh: number, serialNo = 'SN1'): DeviceEvent {
  return {
    eventId,
    serialNo,
    occurredAt: new Date(T0 + meterWh).toISOString(),
    type: 'METER_SAMPLE',
    connectorNo: 1,
    orderNo: 'CH1',
    meterWh,
    powerW: 7000,
  };
}

/** A device registry of fixed serials (`null` for the rest), counting its look-ups. */
function registry(serials: Record<string, string>) {
  const lookups: string[] = [];
  return {
    lookups,
    tenantOf: (serialNo: string) => {
      lookups.push(serialNo);
      return Promise.resolve(serials[serialNo] ?? null);
    },
  };
}

function pathWithRecorder(
  telemetry = new InMemoryTelemetryStore(),
  devices: { tenantOf(serialNo: string): Promise<string | null> } = registry({ SN1: 'ta', SN2: 'ta' }),
) {
  const delivered: DeviceEvent[] = [];
  const tenants: string[] = [];
  const path = new InProcessDeviceEventPath({
    devices,
    sink: {
      deliver: async (event, tenantId) => {
        delivered.push(event);
        tenants.push(tenantId);
      },
    },
    dedup: new InMemoryDedupStore(100),
    telemetry,
    backoff: { initialMs: 1, maxMs: 2 },
  });
  return { path, delivered, tenants, telemetry };
}

describe('SessionClock (local stack device time)', () => {
  it('runs timeScale× while charging, stands still while idle and ahead, then follows the wall clock', () => {
    let real = T0;
    const clock = new SessionClock(60, () => real);
    expect(clock.now(false)).toBe(T0);
    real += 1000;
    expect(clock.now(true)).toBe(T0 + 60_000);
    real += 1000;
    expect(clock.now(false)).toBe(T0 + 60_000);
    real = T0 + 120_000;
    expect(clock.now(false)).toBe(T0 + 120_000);
  });
});

describe('InProcessDeviceEventPath (SPEC §14 path without Kafka)', () => {
  it('validates like the Kafka ingestion, de-duplicates by serial + event id, writes telemetry once, keeps per-serial order', async () => {
    const { path, delivered, telemetry } = pathWithRecorder();
    path.publish('SN1', [sample('e1', 10), sample('e2', 20), sample('e1', 10)]);
    path.publish('SN1', [sample('e3', 30)]);
    path.publish('SN1', [{ ...sample('bad', 40), meterWh: -1 } as DeviceEvent]);
    path.publish('SN1', [sample('other', 50, 'SN2')]);
    await path.idle();
    expect(delivered.map((e) => e.eventId)).toEqual(['e1', 'e2', 'e3']);
    expect((await telemetry.samplesForOrder('CH1')).map((s) => s.eventId)).toEqual(['e1', 'e2', 'e3']);
    expect(path.rejected.map((r) => r.reason)).toEqual([
      'DEVICE_EVENT_MALFORMED',
      'DEVICE_EVENT_KEY_MISMATCH',
    ]);
  });

  it("TEN-7: each event goes to its serial's tenant; an unregistered serial is rejected UNKNOWN_DEVICE (no telemetry, no delivery) and its stream goes on", async () => {
    const devices = registry({ SN1: 'ta', SN2: 'tb' });
    const { path, delivered, tenants, telemetry } = pathWithRecorder(undefined, devices);
    path.publish('SN1', [sample('a1', 10)]);
    path.publish('SN2', [sample('b1', 10, 'SN2')]);
    path.publish('GHOST', [sample('g1', 10, 'GHOST'), sample('g2', 20, 'GHOST')]);
    path.publish('SN1', [sample('a2', 20)]);
    await path.idle();
    expect(delivered.map((e) => e.eventId)).toEqual(expect.arrayContaining(['a1', 'a2', 'b1']));
    expect(delivered).toHaveLength(3);
    expect(Object.fromEntries(delivered.map((e, i) => [e.eventId, tenants[i]]))).toEqual({
      a1: 'ta',
      a2: 'ta',
      b1: 'tb',
    });
    expect(path.rejected).toMatchObject([
      { serialNo: 'GHOST', reason: 'UNKNOWN_DEVICE' },
      { serialNo: 'GHOST', reason: 'UNKNOWN_DEVICE' },
    ]);
    expect(path.rejected[0]!.detail).toContain('GHOST');
    expect((await telemetry.samplesForOrder('CH1')).map((s) => s.eventId).sort()).toEqual(['a1', 'a2', 'b1']);
    // One look-up per serial and batch (the registry caches across batches).
    expect(devices.lookups.filter((s) => s === 'GHOST')).toEqual(['GHOST']);
  });

  it('a failing registry look-up (platform database down) is retried in place, never rejected; the serial waits, then flows', async () => {
    let failures = 3;
    const real = registry({ SN1: 'ta' });
    const { path, delivered, tenants } = pathWithRecorder(undefined, {
      tenantOf: (serialNo) =>
        failures-- > 0 ? Promise.reject(new Error('platform database down')) : real.tenantOf(serialNo),
    });
    path.publish('SN1', [sample('e1', 10)]);
    path.publish('SN1', [sample('e2', 20)]);
    await path.idle();
    expect(failures).toBeLessThan(0);
    expect(path.rejected).toEqual([]);
    expect(delivered.map((e) => e.eventId)).toEqual(['e1', 'e2']);
    expect(tenants).toEqual(['ta', 'ta']);
  });

  it('retries a failing sink in place until it accepts, and stop() abandons a retry', async () => {
    let failures = 2;
    const delivered: string[] = [];
    const path = new InProcessDeviceEventPath({
      devices: registry({ SN1: 'ta' }),
      sink: {
        deliver: async (event) => {
          if (failures-- > 0) throw new Error('Temporal unreachable');
          delivered.push(event.eventId);
        },
      },
      dedup: new InMemoryDedupStore(100),
      backoff: { initialMs: 1, maxMs: 2 },
    });
    path.publish('SN1', [sample('e1', 10)]);
    await path.idle();
    expect(delivered).toEqual(['e1']);

    const stuck = new InProcessDeviceEventPath({
      devices: registry({ SN1: 'ta' }),
      sink: { deliver: () => Promise.reject(new Error('down')) },
      dedup: new InMemoryDedupStore(100),
      backoff: { initialMs: 5, maxMs: 5 },
    });
    stuck.publish('SN1', [sample('e1', 10)]);
    await stuck.stop();
  });
});

describe('InProcessDeviceCommandBus + InProcessChargerFleet', () => {
  it('answers a start with START_ACCEPTED, samples on ticks, rejects invalid commands, drops unknown serials', async () => {
    let real = T0;
    const emitted: DeviceEvent[] = [];
    let id = 0;
    const fleet = new InProcessChargerFleet({
      chargers: [{ serialNo: 'SN1', settings: { timeScale: 60, sampleIntervalMs: 60_000 } }],
      emit: (_serial, events) => void emitted.push(...events),
      realNow: () => real,
      newId: () => `ev-${(id += 1)}`,
    });
    const bus = new InProcessDeviceCommandBus(fleet);
    await bus.sendCommand(start);
    expect(emitted.map((e) => e.type)).toEqual(['START_ACCEPTED']);
    real += 3000; // 3 s × 60 = 3 simulated minutes: 3 samples
    fleet.tick();
    expect(emitted.filter((e) => e.type === 'METER_SAMPLE')).toHaveLength(3);

    await bus.send({ ...start, serialNo: 'UNKNOWN' });
    expect(emitted.every((e) => e.serialNo === 'SN1')).toBe(true);
    const invalid = await bus.send({ ...start, connectorNo: -1 } as DeviceCommand).catch((e: unknown) => e);
    expect(isKafkaAdapterError(invalid, 'DEVICE_COMMAND_INVALID')).toBe(true);
    fleet.stop();
  });
});

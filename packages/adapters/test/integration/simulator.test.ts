// SPEC §14 end to end on the REAL broker: command bus → commands topic → device simulator → events
// topic → ingestion → sink (and the telemetry fan-out). Own prefixed topics, deleted afterwards.
import { randomBytes } from 'node:crypto';
import type { DeviceCommand, DeviceEvent } from '@chargeflow/core';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import {
  createDeviceProducer,
  deleteTopics,
  deviceTopics,
  ensureTopics,
  InMemoryDedupStore,
  KafkaDeviceCommandBus,
  startDeviceEventIngestion,
  type DeviceEventIngestion,
} from '../../src/kafka/index.js';
import { startDeviceSimulator, type DeviceSimulator } from '../../src/simulator/index.js';

const run = `${Date.now()}-${randomBytes(3).toString('hex')}`;
const kafka = new Kafka({
  clientId: 'chargeflow-simulator-test',
  brokers: serviceEndpoints().KAFKA_BROKERS,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3000,
  retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
});
const topics = deviceTopics({ prefix: `sim-${run}.`, partitions: 3 });
const admin: Admin = kafka.admin();
const producer: Producer = createDeviceProducer(kafka);
const bus = new KafkaDeviceCommandBus(producer, topics.commands);
const received: DeviceEvent[] = [];
const telemetry: DeviceEvent[] = [];
const simulators: DeviceSimulator[] = [];
let ingestion: DeviceEventIngestion | undefined;

const ACCEPTING = `SIM-A-${run}`;
const REJECTING = `SIM-R-${run}`;
// 600×: one simulated minute (a sample) every 100 ms of wall time.
const settings = {
  timeScale: 600,
  sampleIntervalMs: 60_000,
  heartbeatIntervalMs: 300_000,
  profile: 'dc60',
} as const;

async function waitUntil(check: () => boolean, label: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${label()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const of = (serial: string, type?: DeviceEvent['type']): DeviceEvent[] =>
  received.filter((e) => e.serialNo === serial && (type === undefined || e.type === type));
const command = (
  serialNo: string,
  type: 'START_CHARGING' | 'STOP_CHARGING',
  orderNo: string,
): DeviceCommand => ({
  commandId: `${type}-${orderNo}`,
  serialNo,
  issuedAt: new Date().toISOString(),
  type,
  connectorNo: 1,
  orderNo,
});

beforeAll(async () => {
  await admin.connect();
  await ensureTopics(admin, topics);
  await producer.connect();
  ingestion = await startDeviceEventIngestion({
    kafka,
    groupId: `cf-sim-ingest-${run}`,
    topics,
    dedup: new InMemoryDedupStore(),
    // Every simulated serial belongs to one tenant here (the registry's answer for the device path).
    devices: { tenantOf: () => Promise.resolve('sim') },
    sink: { deliver: (event) => (received.push(event), Promise.resolve()) },
    telemetry: { write: (events) => (telemetry.push(...events), Promise.resolve()) },
  });
  for (const [serial, rejectStarts] of [
    [ACCEPTING, false],
    [REJECTING, true],
  ] as const) {
    simulators.push(
      await startDeviceSimulator({
        kafka,
        topics,
        serials: [serial],
        settings: { ...settings, rejectStarts },
        groupId: `cf-sim-${serial}`,
        fromBeginning: true,
      }),
    );
  }
});

afterAll(async () => {
  await Promise.allSettled(simulators.map((s) => s.stop()));
  await ingestion?.stop();
  await producer.disconnect();
  try {
    await admin.deleteGroups([`cf-sim-ingest-${run}`, `cf-sim-${ACCEPTING}`, `cf-sim-${REJECTING}`]);
    await deleteTopics(admin, topics);
  } finally {
    await admin.disconnect();
  }
});

describe('device simulator over real Kafka (SPEC §14)', () => {
  it('SPEC §14: answers START_CHARGING with START_ACCEPTED and meter samples on simulated time, STOP_CHARGING with STOPPED and the final meter', async () => {
    await bus.send(command(ACCEPTING, 'START_CHARGING', 'CH-SIM-1'));
    await waitUntil(
      () => of(ACCEPTING, 'METER_SAMPLE').length >= 5,
      () =>
        `got ${of(ACCEPTING)
          .map((e) => e.type)
          .join(',')}`,
    );
    await bus.send(command(ACCEPTING, 'STOP_CHARGING', 'CH-SIM-1'));
    await waitUntil(
      () => of(ACCEPTING, 'STOPPED').length === 1,
      () => `no STOPPED among ${of(ACCEPTING).length}`,
    );

    const session = of(ACCEPTING).filter((e) => e.type !== 'HEARTBEAT');
    expect(session[0]).toMatchObject({ type: 'START_ACCEPTED', orderNo: 'CH-SIM-1', meterWh: 1_000_000 });
    expect(session.at(-1)).toMatchObject({ type: 'STOPPED', orderNo: 'CH-SIM-1', reason: 'USER' });
    const energy = session.flatMap((e) => ('meterWh' in e && e.meterWh !== undefined ? [e.meterWh] : []));
    energy.forEach((wh, i) => i > 0 && expect(wh).toBeGreaterThanOrEqual(energy[i - 1] ?? 0));
    expect(energy.at(-1)).toBeGreaterThan(1_000_000);

    // Device time runs 600× faster: consecutive samples are one simulated minute apart.
    const times = of(ACCEPTING, 'METER_SAMPLE').map((e) => Date.parse(e.occurredAt));
    times.slice(1).forEach((t, i) => expect(t - (times[i] ?? 0)).toBe(60_000));
    // Everything delivered also went through the telemetry fan-out.
    const written = new Set(telemetry.map((e) => e.eventId));
    expect(of(ACCEPTING).every((e) => written.has(e.eventId))).toBe(true);
  });

  it('SPEC §14: with rejectStarts answers START_REJECTED and sends no samples', async () => {
    await bus.send(command(REJECTING, 'START_CHARGING', 'CH-SIM-2'));
    await waitUntil(
      () => of(REJECTING, 'START_REJECTED').length === 1,
      () =>
        `got ${of(REJECTING)
          .map((e) => e.type)
          .join(',')}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(of(REJECTING, 'START_REJECTED')[0]).toMatchObject({ orderNo: 'CH-SIM-2', connectorNo: 1 });
    expect(of(REJECTING, 'METER_SAMPLE')).toEqual([]);
  });
});

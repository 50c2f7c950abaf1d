// SPEC §14 device-event ingestion on the REAL broker (KAFKA_BROKERS, default 127.0.0.1:9092) and the
// REAL device registry (a throw-away platform database on MariaDB): the dead-letter path (UNKNOWN_DEVICE
// included), each serial's tenant, de-duplication, and at-least-once delivery when the sink or the
// registry fails. Every test uses its own prefixed topics and consumer groups, and deletes them afterwards.
import { randomBytes } from 'node:crypto';
import type { DeviceEvent } from '@chargeflow/core';
import type { MikroORM } from '@mikro-orm/core';
import { Kafka, logLevel, type Admin, type KafkaMessage, type Producer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import {
  createDeviceProducer,
  deleteTopics,
  deviceTopics,
  DLQ_HEADERS,
  ensureTopics,
  InMemoryDedupStore,
  startDeviceEventIngestion,
  UndeliverableEventError,
  type DeviceEventBatchSink,
  type DeviceEventIngestion,
  type DeviceEventSink,
  type DeviceTenantLookup,
  type DeviceTopics,
} from '../../src/kafka/index.js';
import { PlatformDeviceRegistry } from '../../src/tenancy/device-registry.js';
import { TenantEntity } from '../../src/tenancy/entities.js';
import { openPlatformDatabase } from './tenancy-fixtures.js';

const run = `${Date.now()}-${randomBytes(3).toString('hex')}`;
const kafka = new Kafka({
  clientId: 'chargeflow-kafka-ingestion-test',
  brokers: serviceEndpoints().KAFKA_BROKERS,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3000,
  retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
});
const admin: Admin = kafka.admin();
const producer: Producer = createDeviceProducer(kafka);
const created: DeviceTopics[] = [];
const running: { stop(): Promise<void> }[] = [];
let counter = 0;
let platform: { orm: MikroORM; drop(): Promise<void> };
/** The device registry of the platform database (serials of tenant-a and tenant-b are registered in beforeAll). */
let registry: PlatformDeviceRegistry;
const TENANT_A = 'tenant-a';
const TENANT_B = 'tenant-b';

/** Fresh topics for one test, deleted in afterAll. */
async function freshTopics(): Promise<DeviceTopics> {
  const topics = deviceTopics({ prefix: `t-${run}-${++counter}.`, partitions: 3 });
  created.push(topics);
  await ensureTopics(admin, topics);
  return topics;
}

const groups: string[] = [];
const groupId = (): string => {
  const id = `cf-ingest-${run}-${++counter}`;
  groups.push(id);
  return id;
};

async function ingest(
  topics: DeviceTopics,
  sink: DeviceEventSink | DeviceEventBatchSink,
  group = groupId(),
  devices: DeviceTenantLookup = registry,
): Promise<DeviceEventIngestion> {
  const ingestion = await startDeviceEventIngestion({
    kafka,
    groupId: group,
    topics,
    devices,
    sink,
    dedup: new InMemoryDedupStore(1000),
    backoff: { initialMs: 50, maxMs: 200 },
    maxDeliveryAttempts: 3,
  });
  running.push(ingestion);
  return ingestion;
}

async function waitUntil(check: () => boolean, label: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${label()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Collects every message of a topic from the beginning, through a throw-away consumer group. */
async function collect(topic: string): Promise<KafkaMessage[]> {
  const messages: KafkaMessage[] = [];
  const consumer = kafka.consumer({ groupId: groupId() });
  running.push({ stop: () => consumer.disconnect() });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  return messages;
}

const at = (minute: number): string => `2026-11-23T10:${String(minute).padStart(2, '0')}:00+08:00`;
const sample = (serialNo: string, seq: number): DeviceEvent => ({
  eventId: `${serialNo}-${seq}`,
  serialNo,
  occurredAt: at(seq),
  type: 'METER_SAMPLE',
  connectorNo: 1,
  orderNo: `CH-${serialNo}`,
  meterWh: 1000 + seq * 100,
  powerW: 7000,
});

async function publish(
  topic: string,
  messages: { key: string; value: string; partition?: number }[],
): Promise<void> {
  // One message per send, in order: per key (or given partition) they are appended in this order.
  for (const message of messages) await producer.send({ topic, messages: [message] });
}
const asMessage = (event: DeviceEvent): { key: string; value: string } => ({
  key: event.serialNo,
  value: JSON.stringify(event),
});

/** A sink recording what it was given, and for which tenant. */
function recordingSink(): DeviceEventSink & { events: DeviceEvent[]; tenants: string[] } {
  const events: DeviceEvent[] = [];
  const tenants: string[] = [];
  return {
    events,
    tenants,
    deliver: (event, tenantId) => (events.push(event), tenants.push(tenantId), Promise.resolve()),
  };
}

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  platform = await openPlatformDatabase();
  for (const id of [TENANT_A, TENANT_B]) {
    await platform.orm.em.fork().insert(TenantEntity, { id, name: id, state: 'OPEN', createdAt: 1 });
  }
  registry = new PlatformDeviceRegistry({ em: platform.orm.em, now: Date.now });
  for (const serial of ['SN-A', 'SN-D', 'SN-E', 'SN-F', 'SN-G', 'SN-M', 'SN-P', 'SN-Q', 'SN-R'])
    await registry.register(serial, TENANT_A);
  for (const serial of ['SN-B', 'SN-H']) await registry.register(serial, TENANT_B);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

afterAll(async () => {
  await platform?.drop();
  await producer.disconnect();
  try {
    await admin.deleteGroups(groups);
    for (const topics of created) await deleteTopics(admin, topics);
    // KRaft propagates a deletion to the metadata asynchronously: wait for it rather than read once.
    const names = created.flatMap((t) => [t.events, t.dlq, t.commands]);
    await vi.waitFor(
      async () => {
        const left = new Set(await admin.listTopics());
        expect(names.filter((name) => left.has(name))).toEqual([]);
      },
      { timeout: 15_000, interval: 250 },
    );
  } finally {
    await admin.disconnect();
  }
});

describe('device event ingestion (real Kafka)', () => {
  it('ensureTopics creates the three topics with the configured partitions, idempotently', async () => {
    const topics = await freshTopics();
    expect(await ensureTopics(admin, topics)).toEqual([]);
    const { topics: metadata } = await admin.fetchTopicMetadata({
      topics: [topics.events, topics.dlq, topics.commands],
    });
    expect(metadata.map((t) => t.partitions.length)).toEqual([3, 3, 3]);
  });

  it('SPEC §14: malformed, schema-invalid and unknown-type events go to the DLQ with their reasons; valid ones after them still reach the sink in order per key', async () => {
    const topics = await freshTopics();
    const sink = recordingSink();
    await ingest(topics, sink);
    await publish(topics.events, [
      { key: 'SN-A', value: '{"type": "HEARTBEAT"' },
      { key: 'SN-A', value: JSON.stringify({ ...sample('SN-A', 0), meterWh: 1.5 }) },
      { key: 'SN-B', value: JSON.stringify({ ...sample('SN-B', 0), type: 'FIRMWARE_PARTY' }) },
      ...[1, 2, 3, 4, 5].flatMap((seq) => [asMessage(sample('SN-A', seq)), asMessage(sample('SN-B', seq))]),
    ]);
    await waitUntil(
      () => sink.events.length >= 10,
      () => `sink got ${sink.events.length} of 10`,
    );
    for (const serial of ['SN-A', 'SN-B']) {
      expect(sink.events.filter((e) => e.serialNo === serial).map((e) => e.eventId)).toEqual(
        [1, 2, 3, 4, 5].map((seq) => `${serial}-${seq}`),
      );
    }
    // TEN-7: each event reached the sink with its serial's tenant from the registry.
    expect(new Set(sink.events.map((e, i) => `${e.serialNo}=${sink.tenants[i]}`))).toEqual(
      new Set([`SN-A=${TENANT_A}`, `SN-B=${TENANT_B}`]),
    );

    const dead = await collect(topics.dlq);
    await waitUntil(
      () => dead.length >= 3,
      () => `DLQ got ${dead.length} of 3`,
    );
    const header = (m: KafkaMessage, name: string): string | undefined => m.headers?.[name]?.toString();
    const byReason = dead.map((m) => [m.key?.toString(), header(m, DLQ_HEADERS.reason)]);
    expect(byReason).toEqual(
      expect.arrayContaining([
        ['SN-A', 'DEVICE_EVENT_MALFORMED'],
        ['SN-A', 'DEVICE_EVENT_MALFORMED'],
        ['SN-B', 'DEVICE_EVENT_UNKNOWN_TYPE'],
      ]),
    );
    const notJson = dead.find((m) => m.value?.toString() === '{"type": "HEARTBEAT"');
    expect(notJson, 'the original value is kept').toBeDefined();
    if (notJson === undefined) return;
    expect(header(notJson, DLQ_HEADERS.detail)).toContain('not JSON');
    expect(header(notJson, DLQ_HEADERS.sourceTopic)).toBe(topics.events);
    expect(header(notJson, DLQ_HEADERS.sourceOffset)).toBe('0');
    expect(Number(header(notJson, DLQ_HEADERS.sourcePartition))).toBeGreaterThanOrEqual(0);
    const fractional = dead.find((m) => header(m, DLQ_HEADERS.detail)?.includes('meterWh'));
    expect(fractional, 'the detail names the failing field').toBeDefined();
  });

  it('SPEC §14: a re-sent event (same serial + event id) reaches the sink once', async () => {
    const topics = await freshTopics();
    const sink = recordingSink();
    await ingest(topics, sink);
    const [e1, e2, e3, last] = [1, 2, 3, 4].map((seq) => asMessage(sample('SN-D', seq)));
    if (e1 === undefined || e2 === undefined || e3 === undefined || last === undefined)
      throw new Error('setup');
    await publish(topics.events, [e1, e1, e2, e1, e2, e3, e3, last]);
    // The last event is behind every duplicate on the same partition: once it arrived, all were seen.
    await waitUntil(
      () => sink.events.some((e) => e.eventId === 'SN-D-4'),
      () => `sink got ${sink.events.length}`,
    );
    expect(sink.events.map((e) => e.eventId)).toEqual(['SN-D-1', 'SN-D-2', 'SN-D-3', 'SN-D-4']);
  });

  it('ORD-7: a sink failure is retried with backoff and blocks only until it succeeds; order per key holds', async () => {
    const topics = await freshTopics();
    let failures = 0;
    const delivered: string[] = [];
    await ingest(topics, {
      deliver: (event) => {
        if (event.eventId === 'SN-E-2' && failures < 3) {
          failures++;
          return Promise.reject(new Error('workflow unreachable'));
        }
        delivered.push(event.eventId);
        return Promise.resolve();
      },
    });
    await publish(
      topics.events,
      [1, 2, 3].map((seq) => asMessage(sample('SN-E', seq))),
    );
    await waitUntil(
      () => delivered.length >= 3,
      () => `delivered ${delivered.join(',')}`,
    );
    expect(failures).toBe(3);
    expect(delivered).toEqual(['SN-E-1', 'SN-E-2', 'SN-E-3']);
  });

  it('ORD-7: an event whose delivery never succeeded is not committed: a restarted consumer delivers it', async () => {
    const topics = await freshTopics();
    const group = groupId();
    let attempts = 0;
    const first = await ingest(
      topics,
      {
        deliver: (event) =>
          event.eventId === 'SN-F-2' ? (attempts++, Promise.reject(new Error('down'))) : Promise.resolve(),
      },
      group,
    );
    await publish(
      topics.events,
      [1, 2, 3].map((seq) => asMessage(sample('SN-F', seq))),
    );
    await waitUntil(
      () => attempts >= 2,
      () => `attempts ${attempts}`,
    );
    await first.stop();

    const sink = recordingSink();
    await ingest(topics, sink, group);
    await waitUntil(
      () => sink.events.some((e) => e.eventId === 'SN-F-3'),
      () => `got ${sink.events.length}`,
    );
    const ids = sink.events.map((e) => e.eventId);
    expect(ids).toContain('SN-F-2');
    expect(ids.indexOf('SN-F-2')).toBeLessThan(ids.indexOf('SN-F-3'));
  });

  it('SPEC §14, TEN-7: an event from a serial no tenant registered goes to the DLQ as UNKNOWN_DEVICE (original bytes), and the next valid event on the same partition is still delivered', async () => {
    const topics = await freshTopics();
    const sink = recordingSink();
    await ingest(topics, sink);
    const ghost = sample(`GHOST-${run}`, 1);
    // One partition for all three, so the valid event really is behind the unknown one.
    await publish(topics.events, [
      { ...asMessage(sample('SN-G', 1)), partition: 0 },
      { ...asMessage(ghost), partition: 0 },
      { ...asMessage(sample('SN-G', 2)), partition: 0 },
    ]);
    await waitUntil(
      () => sink.events.some((e) => e.eventId === 'SN-G-2'),
      () => `sink got ${sink.events.map((e) => e.eventId).join(',')}`,
    );
    expect(sink.events.map((e) => e.eventId)).toEqual(['SN-G-1', 'SN-G-2']);
    expect(sink.tenants).toEqual([TENANT_A, TENANT_A]);

    const dead = await collect(topics.dlq);
    await waitUntil(
      () => dead.length >= 1,
      () => 'DLQ is empty',
    );
    expect(dead).toHaveLength(1);
    const [message] = dead;
    expect(message?.key?.toString()).toBe(ghost.serialNo);
    expect(message?.value?.toString()).toBe(JSON.stringify(ghost));
    expect(message?.headers?.[DLQ_HEADERS.reason]?.toString()).toBe('UNKNOWN_DEVICE');
    expect(message?.headers?.[DLQ_HEADERS.detail]?.toString()).toContain(ghost.serialNo);
    expect(message?.headers?.[DLQ_HEADERS.sourceOffset]?.toString()).toBe('1');
  });

  it('a failing registry look-up (platform database down) is retried in place like a failing sink: nothing is dead-lettered, order per key holds', async () => {
    const topics = await freshTopics();
    let failures = 0;
    const flaky: DeviceTenantLookup = {
      tenantOf: (serialNo) => {
        if (serialNo === 'SN-H' && failures < 3) {
          failures++;
          return Promise.reject(new Error('platform database unreachable'));
        }
        return registry.tenantOf(serialNo);
      },
    };
    const sink = recordingSink();
    await ingest(topics, sink, groupId(), flaky);
    // An unregistered sentinel behind them on the same partition: once it is on the DLQ, every
    // event before it was either delivered or dead-lettered.
    const sentinel = sample(`GHOST-H-${run}`, 9);
    await publish(topics.events, [
      ...[1, 2, 3].map((seq) => ({ ...asMessage(sample('SN-H', seq)), partition: 0 })),
      { ...asMessage(sentinel), partition: 0 },
    ]);
    const dead = await collect(topics.dlq);
    await waitUntil(
      () => sink.events.length >= 3 && dead.length >= 1,
      () => `delivered ${sink.events.map((e) => e.eventId).join(',')}, DLQ ${dead.length}`,
    );
    expect(failures).toBe(3);
    expect(sink.events.map((e) => e.eventId)).toEqual(['SN-H-1', 'SN-H-2', 'SN-H-3']);
    expect(sink.tenants).toEqual([TENANT_B, TENANT_B, TENANT_B]);
    expect(dead.map((m) => m.key?.toString())).toEqual([sentinel.serialNo]);
  });

  it('SPEC §14: de-duplication is per tenant: a re-sent event is skipped for its tenant, but a serial moved to another tenant is delivered there', async () => {
    const topics = await freshTopics();
    const sink = recordingSink();
    await ingest(topics, sink);
    const [e1, e2] = [1, 2].map((seq) => asMessage(sample('SN-M', seq)));
    if (e1 === undefined || e2 === undefined) throw new Error('setup');
    await publish(topics.events, [e1, e1]);
    await waitUntil(
      () => sink.events.length >= 1,
      () => 'nothing delivered',
    );
    // The charger changes hands (the same registry instance, so the move is seen at once).
    await registry.release('SN-M', TENANT_A);
    await registry.register('SN-M', TENANT_B);
    await publish(topics.events, [e1, e1, e2]);
    await waitUntil(
      () => sink.events.some((e) => e.eventId === 'SN-M-2'),
      () => `sink got ${sink.events.length}`,
    );
    expect(sink.events.map((e, i) => `${e.eventId}@${sink.tenants[i]}`)).toEqual([
      `SN-M-1@${TENANT_A}`,
      `SN-M-1@${TENANT_B}`,
      `SN-M-2@${TENANT_B}`,
    ]);
  });

  it('SPEC §14: a poison event (refused for good by the sink) is dead-lettered DEVICE_EVENT_UNDELIVERABLE after its bounded retries; the events behind it on its partition are delivered', async () => {
    const topics = await freshTopics();
    let attempts = 0;
    const delivered: string[] = [];
    await ingest(topics, {
      deliver: (event) => {
        if (event.eventId === 'SN-P-2') {
          attempts++;
          return Promise.reject(new UndeliverableEventError('payload refused by the workflow service'));
        }
        delivered.push(event.eventId);
        return Promise.resolve();
      },
    });
    await publish(
      topics.events,
      [1, 2, 3].map((seq) => ({ ...asMessage(sample('SN-P', seq)), partition: 0 })),
    );
    const dead = await collect(topics.dlq);
    await waitUntil(
      () => delivered.includes('SN-P-3') && dead.length >= 1,
      () => `delivered ${delivered.join(',')}, DLQ ${dead.length}`,
    );
    expect(attempts).toBe(3); // maxDeliveryAttempts
    expect(delivered).toEqual(['SN-P-1', 'SN-P-3']);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.value?.toString()).toBe(JSON.stringify(sample('SN-P', 2)));
    expect(dead[0]?.headers?.[DLQ_HEADERS.reason]?.toString()).toBe('DEVICE_EVENT_UNDELIVERABLE');
    expect(dead[0]?.headers?.[DLQ_HEADERS.detail]?.toString()).toContain('payload refused');
  });

  it('ORD-7: a batch sink gets whole batches in offset order, and a batch whose delivery never succeeded is not committed: a restarted consumer delivers it again', async () => {
    const topics = await freshTopics();
    const group = groupId();
    const batches: string[][] = [];
    let failing = true;
    const first = await ingest(
      topics,
      {
        deliverBatch: (events) => {
          batches.push(events.map((e) => e.event.eventId));
          return Promise.resolve(
            failing ? [{ events, error: new Error('Temporal unreachable'), permanent: false }] : [],
          );
        },
      },
      group,
    );
    // 40 samples in one produce request, all on one partition (one key): one or a few batches.
    await producer.send({
      topic: topics.events,
      messages: Array.from({ length: 40 }, (_, i) => asMessage(sample('SN-Q', i + 1))),
    });
    await waitUntil(
      () => batches.length >= 2,
      () => `batches ${batches.length}`,
    );
    expect(batches[0]!.length).toBeGreaterThan(1);
    expect(batches[1]).toEqual(batches[0]); // retried as it was, not committed
    await first.stop();

    failing = false;
    const received: string[] = [];
    await ingest(
      topics,
      {
        deliverBatch: (events) => {
          received.push(...events.map((e) => e.event.eventId));
          return Promise.resolve([]);
        },
      },
      group,
    );
    await waitUntil(
      () => received.length >= 40,
      () => `received ${received.length}`,
    );
    expect(received).toEqual(Array.from({ length: 40 }, (_, i) => `SN-Q-${i + 1}`));
  });
});

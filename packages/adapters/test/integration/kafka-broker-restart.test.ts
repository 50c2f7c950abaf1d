// R7 (issue 16), SPEC §14, ORD-7: the broker crashes (SIGKILL) and comes back while chargers keep
// reporting; the ingestion (the REAL consumer group, device registry on MariaDB) reconnects by itself,
// and every event the broker acknowledged reaches the sink, in order per charger, none dead-lettered.
// The broker is this file's own (fixtures/private-kafka.ts), so the crash touches no other test.
import { randomBytes } from 'node:crypto';
import type { DeviceEvent } from '@chargeflow/core';
import type { MikroORM } from '@mikro-orm/core';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeviceProducer,
  deviceTopics,
  ensureTopics,
  InMemoryDedupStore,
  startDeviceEventIngestion,
  type DeviceEventIngestion,
  type DeviceEventSink,
} from '../../src/kafka/index.js';
import { PlatformDeviceRegistry } from '../../src/tenancy/device-registry.js';
import { TenantEntity } from '../../src/tenancy/entities.js';
import { privateKafka, type PrivateKafka } from './fixtures/private-kafka.js';
import { openPlatformDatabase } from './tenancy-fixtures.js';

const run = `${Date.now()}-${randomBytes(3).toString('hex')}`;
const TENANT = 'tenant-r7';
const SERIALS = Array.from({ length: 8 }, (_, i) => `SN-R7-${i}`);
const PER_SERIAL = 50;
let broker: PrivateKafka;
let kafka: Kafka;
let producer: Producer | undefined;
let ingestion: DeviceEventIngestion | undefined;
let platform: { orm: MikroORM; drop(): Promise<void> };
let registry: PlatformDeviceRegistry;

const sample = (serialNo: string, seq: number): DeviceEvent => ({
  eventId: `${serialNo}-${seq}`,
  serialNo,
  occurredAt: new Date(Date.parse('2026-12-02T10:00:00+08:00') + seq * 60_000).toISOString(),
  type: 'METER_SAMPLE',
  connectorNo: 1,
  orderNo: `CH-${serialNo}`,
  meterWh: 1000 + seq * 100,
  powerW: 7000,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  broker = await privateKafka();
  await broker.start();
  kafka = new Kafka({
    clientId: 'chargeflow-r7-test',
    brokers: broker.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 3000 },
  });
  platform = await openPlatformDatabase();
  await platform.orm.em
    .fork()
    .insert(TenantEntity, { id: TENANT, name: TENANT, state: 'OPEN', createdAt: 1 });
  registry = new PlatformDeviceRegistry({ em: platform.orm.em, now: Date.now });
  for (const serial of SERIALS) await registry.register(serial, TENANT);
}, 120_000);

afterAll(async () => {
  await ingestion?.stop().catch(() => undefined);
  await producer?.disconnect().catch(() => undefined);
  await platform?.drop();
  await broker?.close();
});

describe('a broker crash mid-stream (R7, §14, ORD-7)', () => {
  it('R7 the broker is killed (SIGKILL) and restarted while 8 chargers report 50 samples each: every acknowledged event reaches the sink, in order per charger, none dead-lettered', async () => {
    const topics = deviceTopics({ prefix: `r7-${run}.`, partitions: 3 });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topics);
    await admin.disconnect();

    const firstSeen: Record<string, number[]> = {};
    const delivered = new Set<string>();
    const sink: DeviceEventSink = {
      deliver: async (event) => {
        await sleep(2); // a sink that takes its time: the crash finds batches in flight
        if (!delivered.has(event.eventId))
          (firstSeen[event.serialNo] ??= []).push(Number(event.eventId.split('-').at(-1)));
        delivered.add(event.eventId);
      },
    };
    ingestion = await startDeviceEventIngestion({
      kafka,
      groupId: `cf-r7-${run}`,
      topics,
      devices: registry,
      sink,
      dedup: new InMemoryDedupStore(10_000),
      backoff: { initialMs: 50, maxMs: 500 },
      maxDeliveryAttempts: 3,
    });
    producer = createDeviceProducer(kafka);
    await producer.connect();
    /** Sends one round (a sample of every charger); retried until the broker acknowledges it. */
    const send = async (seq: number) => {
      const messages = SERIALS.map((s) => ({ key: s, value: JSON.stringify(sample(s, seq)) }));
      for (let attempt = 0; ; attempt += 1) {
        try {
          await producer!.send({ topic: topics.events, messages });
          return;
        } catch (error) {
          if (attempt > 60) throw error;
          await sleep(500);
        }
      }
    };
    for (let seq = 0; seq < PER_SERIAL / 2; seq += 1) await send(seq);
    const deadline = (ms: number) => Date.now() + ms;
    let until = deadline(60_000);
    while (delivered.size < SERIALS.length * 5 && Date.now() < until) await sleep(20);
    expect(delivered.size).toBeGreaterThan(0);

    await broker.kill();
    const restarted = broker.start();
    for (let seq = PER_SERIAL / 2; seq < PER_SERIAL; seq += 1) await send(seq); // waits for the broker
    await restarted;

    const total = SERIALS.length * PER_SERIAL;
    until = deadline(120_000);
    while (delivered.size < total && Date.now() < until) await sleep(100);
    expect(delivered.size).toBe(total);
    for (const serial of SERIALS) {
      // Each charger's samples first reached the sink in the order it sent them (one partition per key).
      expect(firstSeen[serial]).toEqual(Array.from({ length: PER_SERIAL }, (_, i) => i));
    }
    // Nothing went to the dead-letter topic.
    const offsets = new Kafka({
      clientId: 'r7-dlq',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await offsets.connect();
    const dlq = await offsets.fetchTopicOffsets(topics.dlq);
    await offsets.disconnect();
    expect(dlq.every((p) => p.high === '0')).toBe(true);
  }, 300_000);
});

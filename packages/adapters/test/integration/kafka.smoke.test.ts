// foundation: the real Kafka broker that `scripts/services/services.sh up kafka` starts (or KAFKA_BROKERS names),
// driven through kafkajs the way the device-event adapter uses it. No mocks: with the broker down this fails.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';

const KEYS = ['device-a', 'device-b', 'device-c', 'device-d', 'device-e', 'device-f'];
const PER_KEY = 10;
const RECEIVE_TIMEOUT_MS = 60_000;

interface Received {
  readonly key: string;
  readonly seq: number;
  readonly partition: number;
}

describe('Kafka smoke (real service, foundation)', () => {
  const { KAFKA_BROKERS } = serviceEndpoints();
  const run = `${Date.now()}-${randomBytes(3).toString('hex')}`;
  const topic = `cf-smoke-${run}`;
  const groupId = `cf-smoke-group-${run}`;
  const kafka = new Kafka({
    clientId: 'chargeflow-smoke',
    brokers: KAFKA_BROKERS,
    logLevel: logLevel.WARN,
    connectionTimeout: 3000,
    // A few quick retries: a broker that is down fails the suite in seconds instead of minutes.
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
  });
  const admin: Admin = kafka.admin();
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer: Consumer = kafka.consumer({ groupId });
  let topicCreated = false;

  beforeAll(async () => {
    await admin.connect();
    topicCreated = await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  });

  afterAll(async () => {
    await consumer.disconnect();
    await producer.disconnect();
    try {
      if (topicCreated) {
        await admin.deleteTopics({ topics: [topic] });
        expect(await admin.listTopics()).not.toContain(topic);
      }
    } finally {
      await admin.disconnect();
    }
  });

  it('creates a topic with 3 partitions through the admin client', async () => {
    expect(topicCreated).toBe(true);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(topics[0]?.partitions).toHaveLength(3);
  });

  it('delivers every keyed message to a consumer group, in order per key', async () => {
    await producer.connect();
    // One send per round, every key in each: per key the messages go out in seq order.
    for (let seq = 0; seq < PER_KEY; seq++) {
      await producer.send({
        topic,
        messages: KEYS.map((key) => ({ key, value: JSON.stringify({ key, seq }) })),
      });
    }

    const received: Received[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `received ${received.length} of ${KEYS.length * PER_KEY} messages in ${RECEIVE_TIMEOUT_MS} ms`,
            ),
          ),
        RECEIVE_TIMEOUT_MS,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const body = JSON.parse(message.value?.toString() ?? '{}') as { key: string; seq: number };
            expect(message.key?.toString()).toBe(body.key);
            received.push({ key: body.key, seq: body.seq, partition });
            if (received.length >= KEYS.length * PER_KEY) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });

    expect(received).toHaveLength(KEYS.length * PER_KEY);
    const expectedSeqs = Array.from({ length: PER_KEY }, (_, seq) => seq);
    for (const key of KEYS) {
      const forKey = received.filter((r) => r.key === key);
      expect(
        forKey.map((r) => r.seq),
        `order of ${key}`,
      ).toEqual(expectedSeqs);
      expect(new Set(forKey.map((r) => r.partition)).size, `${key} stays on one partition`).toBe(1);
    }
    // The keys really spread over the partitions (murmur2 of these fixed keys is deterministic).
    expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);
  });
});

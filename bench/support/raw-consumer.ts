// The first baseline of the device-event benches: the same messages through a plain kafkajs
// consumer group on a fresh topic of the same partitions (already joined): first send → last read.
import { performance } from 'node:perf_hooks';
import type { Message, Producer } from 'kafkajs';
import type { BenchStack } from './charging-stack.js';
import { produceAll, within } from './sessions.js';

export interface RawReader {
  /** Produces the messages to the raw topic; resolves with the ms from the first send to the last message read. */
  measure(messages: readonly Message[]): Promise<number>;
  stop(): Promise<void>;
}

export async function startRawReader(
  stack: BenchStack,
  producer: Producer,
  partitions: number,
): Promise<RawReader> {
  const topic = stack.extraTopic('raw-device-events');
  const admin = stack.kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  const consumer = stack.kafka.consumer({ groupId: stack.group('raw') });
  let count = 0;
  let target = Infinity;
  let done: ((at: number) => void) | undefined;
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async () => {
      count += 1;
      if (count >= target) done?.(performance.now());
    },
  });
  await within(joined, 'the raw consumer to join its group', 60_000);
  return {
    async measure(messages) {
      count = 0;
      target = messages.length;
      const finished = new Promise<number>((resolve) => (done = resolve));
      const t0 = performance.now();
      await produceAll(producer, topic, messages);
      const t1 = await within(finished, `${messages.length} raw messages`);
      done = undefined;
      target = Infinity;
      return t1 - t0;
    },
    stop: () => consumer.disconnect(),
  };
}

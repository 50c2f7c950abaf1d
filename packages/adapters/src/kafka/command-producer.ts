// The API process's way to devices (camera commands, SPEC §14): its own idempotent producer on the
// commands topic, the same `KafkaDeviceCommandBus` the worker uses (decision 0014).
import { Kafka, logLevel } from 'kafkajs';
import { KafkaDeviceCommandBus } from './command-bus.js';
import { createDeviceProducer } from './producer.js';
import { ensureTopics, type DeviceTopics } from './topics.js';

/** A connected command bus and how to disconnect it. */
export interface KafkaCommandBusHandle {
  readonly bus: KafkaDeviceCommandBus;
  close(): Promise<void>;
}

/** Ensures the device topics exist (idempotent), connects a device producer and wraps it as a bus. */
export async function openKafkaCommandBus(
  kafka: Kafka,
  topics: DeviceTopics,
): Promise<KafkaCommandBusHandle> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics);
  } finally {
    await admin.disconnect();
  }
  const producer = createDeviceProducer(kafka);
  await producer.connect();
  return { bus: new KafkaDeviceCommandBus(producer, topics.commands), close: () => producer.disconnect() };
}

/** A kafkajs client for a process that only produces commands (the API): warnings only in its log. */
export function commandKafkaClient(brokers: readonly string[], clientId: string): Kafka {
  return new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.WARN });
}

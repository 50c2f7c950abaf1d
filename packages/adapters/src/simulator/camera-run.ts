import { randomUUID } from 'node:crypto';
import { DeviceCommandSchema, type DeviceCommand, type DeviceEvent } from '@chargeflow/core';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import { KafkaAdapterError } from '../kafka/errors.js';
import { silentLogger, type AdapterLogger } from '../kafka/ports.js';
import { createDeviceProducer } from '../kafka/producer.js';
import type { DeviceTopics } from '../kafka/topics.js';
import { CameraSimulation, type LockCommandReceived, type PlateSighting } from './camera.js';

/** What `startCameraSimulator` needs: one camera and the spaces it watches (left, right). */
export interface CameraSimulatorOptions {
  readonly kafka: Kafka;
  readonly topics: DeviceTopics;
  readonly serialNo: string;
  readonly spaceNos: readonly string[];
  /** Defaults to a fresh group per run. */
  readonly groupId?: string;
  /** Also answer commands sent before the simulator joined (tests on fresh topics). */
  readonly fromBeginning?: boolean;
  readonly logger?: AdapterLogger;
  readonly newId?: () => string;
  readonly clock?: () => number;
}

/** A running simulated camera with its ground locks. */
export interface CameraSimulator {
  /** Publishes PLATE_RECOGNISED for one of its spaces (device time `at`, default now). */
  sight(sighting: PlateSighting, at?: number): Promise<void>;
  /** The lock commands received from the commands topic, in arrival order. */
  lockCommands(): readonly LockCommandReceived[];
  /** Every command addressed to the camera (restart, clock, snapshot, lock state, locks), in arrival order. */
  commands(): readonly DeviceCommand[];
  lockOf(spaceNo: string): 'OPEN' | 'CLOSED' | 'FAULT' | undefined;
  /** A jammed lock answers FAULT. */
  jam(jammed: boolean): void;
  stop(): Promise<void>;
}

const OptionsSchema = z.object({
  serialNo: z.string().min(1).max(64),
  spaceNos: z.array(z.string().min(1).max(64)).min(1).max(2),
});
const JOIN_TIMEOUT_MS = 30_000;

/**
 * Runs a simulated camera against Kafka: consumes the commands topic, answers OPEN_LOCK / CLOSE_LOCK
 * for its spaces with LOCK_STATE and the other camera commands as `CameraSimulation` does (SNAPSHOT
 * with SNAPSHOT_TAKEN, RESTART / SYNC_CLOCK / REFRESH_STATE with COMMAND_ACK, …), and publishes the
 * plates it is told to see, keyed by serial.
 */
export async function startCameraSimulator(options: CameraSimulatorOptions): Promise<CameraSimulator> {
  const parsed = OptionsSchema.safeParse({ serialNo: options.serialNo, spaceNos: options.spaceNos });
  if (!parsed.success) {
    throw new KafkaAdapterError(
      'KAFKA_CONFIG_INVALID',
      `camera simulator: ${JSON.stringify(parsed.error.issues)}`,
      { issues: parsed.error.issues },
    );
  }
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? Date.now;
  const camera = new CameraSimulation(
    parsed.data.serialNo,
    parsed.data.spaceNos,
    options.newId ?? randomUUID,
  );
  const producer = createDeviceProducer(options.kafka);
  const consumer = options.kafka.consumer({
    groupId: options.groupId ?? `chargeflow-camera-${randomUUID()}`,
  });
  const publish = async (events: readonly DeviceEvent[]): Promise<void> => {
    if (events.length === 0) return;
    await producer.send({
      topic: options.topics.events,
      messages: events.map((event) => ({ key: camera.serialNo, value: JSON.stringify(event) })),
    });
  };

  await producer.connect();
  try {
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({
      topics: [options.topics.commands],
      fromBeginning: options.fromBeginning ?? false,
    });
    await consumer.run({
      eachMessage: async ({ message }) => {
        let raw: unknown;
        try {
          raw = JSON.parse(message.value?.toString('utf8') ?? '');
        } catch {
          raw = undefined;
        }
        const command = DeviceCommandSchema.safeParse(raw);
        if (!command.success || command.data.serialNo !== camera.serialNo) return;
        try {
          await publish(camera.handle(command.data, clock()));
        } catch (error) {
          logger.error({ serial: camera.serialNo, err: error }, 'camera simulator could not publish');
        }
      },
    });
    await Promise.race([
      joined,
      new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error('camera simulator did not join its group')),
          JOIN_TIMEOUT_MS,
        ).unref(),
      ),
    ]);
  } catch (error) {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    sight: (sighting, at) => publish([camera.sight(sighting, at ?? clock())]),
    lockCommands: () => [...camera.lockCommands],
    commands: () => [...camera.commands],
    lockOf: (spaceNo) => camera.lockOf(spaceNo),
    jam: (jammed) => {
      camera.jammed = jammed;
    },
    stop: () => {
      stopping ??= (async () => {
        await consumer.disconnect();
        await producer.disconnect();
      })();
      return stopping;
    },
  };
}

import { randomUUID } from 'node:crypto';
import { DeviceCommandSchema, type DeviceEvent } from '@chargeflow/core';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import { KafkaAdapterError } from '../kafka/errors.js';
import { silentLogger, type AdapterLogger } from '../kafka/ports.js';
import { createDeviceProducer } from '../kafka/producer.js';
import type { DeviceTopics } from '../kafka/topics.js';
import { ChargerSimulation, type CardRejection } from './charger.js';
import { FaultPipeline, isSilent } from './faults.js';
import { SimulatorSettingsSchema, type SimulatorSettingsInput } from './settings.js';

/** What `startDeviceSimulator` needs. */
export interface DeviceSimulatorOptions {
  readonly kafka: Kafka;
  readonly topics: DeviceTopics;
  readonly serials: readonly string[];
  readonly settings?: SimulatorSettingsInput;
  /** Defaults to a fresh group per run (every simulator sees every command and ignores other serials). */
  readonly groupId?: string;
  /** Also answer commands sent before the simulator joined (tests on fresh topics). */
  readonly fromBeginning?: boolean;
  readonly logger?: AdapterLogger;
  readonly newId?: () => string;
  readonly random?: () => number;
}

/** A running simulator. */
export interface DeviceSimulator {
  /** Swipes a card at a charger's reader (CARD_SWIPED on the events topic). */
  swipe(serial: string, cardNo: string, connectorNo?: number): void;
  /** The swipes the platform refused (CARD_REJECTED commands received), per charger. */
  rejections(serial: string): readonly CardRejection[];
  /** Flushes held events, stops consuming and disconnects. */
  stop(): Promise<void>;
}

const SerialsSchema = z.array(z.string().min(1).max(64)).min(1);
const JOIN_TIMEOUT_MS = 30_000;

/**
 * Runs simulated chargers against Kafka: consumes the commands topic, answers commands addressed to
 * its serials and emits meter samples and heartbeats on the events topic, keyed by serial. Simulated
 * time starts at the wall clock and runs `timeScale` times faster.
 */
export async function startDeviceSimulator(options: DeviceSimulatorOptions): Promise<DeviceSimulator> {
  const settingsResult = SimulatorSettingsSchema.safeParse(options.settings ?? {});
  const serialsResult = SerialsSchema.safeParse(options.serials);
  if (!settingsResult.success || !serialsResult.success) {
    const issues = [...(settingsResult.error?.issues ?? []), ...(serialsResult.error?.issues ?? [])];
    throw new KafkaAdapterError('KAFKA_CONFIG_INVALID', `device simulator: ${JSON.stringify(issues)}`, {
      issues,
    });
  }
  const settings = settingsResult.data;
  const logger = options.logger ?? silentLogger;
  const newId = options.newId ?? randomUUID;
  const random = options.random ?? Math.random;
  const realStart = Date.now();
  const simNow = (): number => realStart + (Date.now() - realStart) * settings.timeScale;
  const chargers = new Map(
    serialsResult.data.map((serial) => [
      serial,
      {
        sim: new ChargerSimulation(serial, settings, newId, simNow()),
        faults: new FaultPipeline(settings, random),
      },
    ]),
  );

  const producer = createDeviceProducer(options.kafka);
  const consumer = options.kafka.consumer({
    groupId: options.groupId ?? `chargeflow-simulator-${randomUUID()}`,
  });
  let sending: Promise<void> = Promise.resolve();
  const send = (serial: string, events: readonly DeviceEvent[]): void => {
    if (events.length === 0) return;
    const messages = events.map((event) => ({ key: serial, value: JSON.stringify(event) }));
    sending = sending
      .then(async () => void (await producer.send({ topic: options.topics.events, messages })))
      .catch((error: unknown) => logger.error({ serial, err: error }, 'simulator could not publish events'));
  };
  const emit = (serial: string, events: readonly DeviceEvent[], now: number): void => {
    const charger = chargers.get(serial);
    if (charger === undefined) return;
    send(serial, charger.faults.push(events, isSilent(settings, charger.sim.firstStartAt, now)));
  };

  await producer.connect();
  try {
    await joinCommands();
  } catch (error) {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    throw error;
  }

  async function joinCommands(): Promise<void> {
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
        if (!command.success) {
          logger.warn(
            { offset: message.offset, issues: command.error.issues },
            'simulator ignored an invalid command',
          );
          return;
        }
        const serial = command.data.serialNo;
        const charger = chargers.get(serial);
        if (charger === undefined) return;
        const now = simNow();
        if (command.data.type === 'CARD_REJECTED') {
          const { cardNo, reason, message: text } = command.data;
          logger.info({ serial, cardNo, reason, message: text }, 'card swipe refused by the platform');
        }
        emit(serial, charger.sim.handle(command.data, now), now);
        await sending;
      },
    });
    await Promise.race([
      joined,
      new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error('simulator did not join its consumer group')),
          JOIN_TIMEOUT_MS,
        ).unref(),
      ),
    ]);
  }

  const tickMs = Math.min(1000, Math.max(20, settings.sampleIntervalMs / settings.timeScale / 2));
  const timer = setInterval(() => {
    const now = simNow();
    for (const [serial, charger] of chargers) emit(serial, charger.sim.advance(now), now);
  }, tickMs);

  let stopping: Promise<void> | undefined;
  return {
    swipe: (serial, cardNo, connectorNo = 1) => {
      const charger = chargers.get(serial);
      if (charger === undefined) throw new Error(`no simulated charger ${serial}`);
      const now = simNow();
      emit(serial, charger.sim.swipe(cardNo, connectorNo, now), now);
    },
    rejections: (serial) => [...(chargers.get(serial)?.sim.rejections ?? [])],
    stop: () => {
      stopping ??= (async () => {
        clearInterval(timer);
        await consumer.disconnect();
        for (const [serial, charger] of chargers) send(serial, charger.faults.flush());
        await sending;
        await producer.disconnect();
      })();
      return stopping;
    },
  };
}

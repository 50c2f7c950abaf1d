// The charging side of a worker process, wired from already-open connections: device commands out
// (Kafka), device events in (Kafka → Temporal signals, telemetry → MongoDB), orders and refunds in
// the database. The composition root (apps/worker) opens the connections and runs the worker.
import type { MikroORM } from '@mikro-orm/core';
import type { WorkflowClient } from '@temporalio/client';
import type { DeviceEvent } from '@chargeflow/core';
import {
  createChargingActivities,
  type CardLedger,
  type ChargingActivities,
  type ChargingPorts,
} from '@chargeflow/workflows';
import type { Kafka } from 'kafkajs';
import type { Backoff } from '../kafka/backoff.js';
import { KafkaDeviceCommandBus } from '../kafka/command-bus.js';
import { InMemoryDedupStore } from '../kafka/dedup.js';
import { startDeviceEventIngestion, type DeviceEventIngestion } from '../kafka/ingestion.js';
import {
  silentLogger,
  type AdapterLogger,
  type DeviceCommandBus,
  type DeviceTelemetryWriter,
} from '../kafka/ports.js';
import { createDeviceProducer } from '../kafka/producer.js';
import { ensureTopics, type DeviceTopics } from '../kafka/topics.js';
import { SandboxPaymentChannel } from '../payments/sandbox-channel.js';
import { ChargingOrderRepository } from '../persistence/repositories/charging-order-repository.js';
import type { MongoTelemetryStore } from '../telemetry/mongo-telemetry-store.js';
import { UnsupportedCardLedger, createChargingPorts, singleTenant } from './charging-ports.js';
import { RepositorySessionLookup, TemporalDeviceEventSink } from './device-event-sink.js';

/** `DeviceTelemetryWriter` over `MongoTelemetryStore` (idempotent: deterministic `_id`s). */
export class MongoTelemetryWriter implements DeviceTelemetryWriter {
  constructor(private readonly store: MongoTelemetryStore) {}

  /** Writes the telemetry among a batch of events; replays are absorbed. */
  async write(events: readonly DeviceEvent[]): Promise<void> {
    await this.store.writeSamples(events);
  }
}

/** `DeviceTelemetryWriter` of a telemetry option: a Mongo store is wrapped, a writer is used as is. */
export const telemetryWriter = (
  telemetry: MongoTelemetryStore | DeviceTelemetryWriter,
): DeviceTelemetryWriter => ('write' in telemetry ? telemetry : new MongoTelemetryWriter(telemetry));

/** What `wireChargingSession` needs: the tenant's database, Temporal, and how commands leave. */
export interface ChargingSessionWiringOptions {
  readonly orm: MikroORM;
  /** How device commands reach the chargers (Kafka, or the local stack's in-process fleet). */
  readonly commands: DeviceCommandBus;
  readonly workflows: Pick<WorkflowClient, 'getHandle'>;
  readonly tenantId: string;
  readonly cards?: CardLedger;
  readonly logger?: AdapterLogger;
  readonly now?: () => number;
}

/** The transport-independent half of the charging services: ports, activities and the device-event sink. */
export interface ChargingSessionWiring {
  readonly ports: ChargingPorts;
  readonly activities: ChargingActivities;
  readonly sink: TemporalDeviceEventSink;
}

/**
 * Wires what every device transport shares: the ports (the given command bus, the order repository,
 * the sandbox payment channel, the card ledger) → activities, and the `TemporalDeviceEventSink`
 * (signals; sign-of-life events routed through the order table). Single tenant (`singleTenant`).
 */
export function wireChargingSession(options: ChargingSessionWiringOptions): ChargingSessionWiring {
  const now = options.now ?? Date.now;
  const orders = new ChargingOrderRepository(options.orm.em, now);
  const tenants = singleTenant(options.tenantId, {
    orders,
    payments: new SandboxPaymentChannel(options.orm.em, now),
    cards: options.cards ?? new UnsupportedCardLedger(),
  });
  const ports = createChargingPorts({ commands: options.commands, tenants });
  const sink = new TemporalDeviceEventSink({
    workflows: options.workflows,
    tenantId: options.tenantId,
    sessions: new RepositorySessionLookup(orders, now),
    logger: options.logger ?? silentLogger,
  });
  return { ports, sink, activities: createChargingActivities(ports) };
}

/** What `startChargingServices` needs: open connections plus the names to use. */
export interface ChargingServicesOptions {
  readonly kafka: Kafka;
  readonly topics: DeviceTopics;
  /** Consumer group of the device-event ingestion (one per deployment; workers share the partitions). */
  readonly ingestionGroupId: string;
  /** The tenant's migrated database. */
  readonly orm: MikroORM;
  /** `client.workflow` of a Client with `dataConverter: { payloadConverterPath }`. */
  readonly workflows: Pick<WorkflowClient, 'getHandle'>;
  /** The single tenant served (`CHARGEFLOW_TENANT_ID`, default `default`). */
  readonly tenantId: string;
  /** Raw telemetry store (MongoDB, or any idempotent writer); without it telemetry is not written. */
  readonly telemetry?: MongoTelemetryStore | DeviceTelemetryWriter;
  /** Card ledger; defaults to `UnsupportedCardLedger` (card debits fail with CARD_LEDGER_NOT_CONFIGURED). */
  readonly cards?: CardLedger;
  readonly logger?: AdapterLogger;
  readonly now?: () => number;
  readonly dedupCapacity?: number;
  readonly backoff?: Partial<Backoff>;
  readonly partitionsConsumedConcurrently?: number;
}

/** The running charging services of a worker process. */
export interface ChargingServices {
  /** Register these on the Temporal worker (`createChargeflowWorker({ activities })`). */
  readonly activities: ChargingActivities;
  readonly ports: ChargingPorts;
  readonly sink: TemporalDeviceEventSink;
  /** Stops consuming device events (first step of a shutdown: no new signals). */
  stopIngestion(): Promise<void>;
  /** Stops the ingestion if still running and disconnects the command producer (after the worker stopped). */
  close(): Promise<void>;
}

/**
 * Wires the charging session's ports and the device-event path:
 * topics (created if missing) → command producer → ports (Kafka commands, order repository,
 * sandbox payment channel, card ledger) → activities; ingestion (validate, DLQ, de-duplicate) →
 * `TemporalDeviceEventSink` (signals) + `MongoTelemetryWriter` (telemetry).
 */
export async function startChargingServices(options: ChargingServicesOptions): Promise<ChargingServices> {
  const logger = options.logger ?? silentLogger;
  const admin = options.kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, options.topics);
  } finally {
    await admin.disconnect();
  }

  const producer = createDeviceProducer(options.kafka);
  await producer.connect();
  const { ports, sink, activities } = wireChargingSession({
    ...options,
    commands: new KafkaDeviceCommandBus(producer, options.topics.commands),
  });

  let ingestion: DeviceEventIngestion;
  try {
    ingestion = await startDeviceEventIngestion({
      kafka: options.kafka,
      groupId: options.ingestionGroupId,
      topics: options.topics,
      sink,
      dedup: new InMemoryDedupStore(options.dedupCapacity ?? 100_000),
      ...(options.telemetry === undefined ? {} : { telemetry: telemetryWriter(options.telemetry) }),
      logger,
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.partitionsConsumedConcurrently === undefined
        ? {}
        : { partitionsConsumedConcurrently: options.partitionsConsumedConcurrently }),
    });
  } catch (error) {
    await producer.disconnect();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    activities,
    ports,
    sink,
    stopIngestion: () => ingestion.stop(),
    close: () => {
      closing ??= (async () => {
        await ingestion.stop();
        await producer.disconnect();
      })();
      return closing;
    },
  };
}

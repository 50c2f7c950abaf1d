// The charging side of a worker process, wired from already-open connections: device commands out
// (Kafka), device events in (Kafka → serial's tenant from the device registry → Temporal signals,
// telemetry → MongoDB), orders and refunds in each tenant's own database. Serves every tenant of the
// platform. The composition root (apps/worker) opens the connections and runs the worker.
import type { WorkflowClient } from '@temporalio/client';
import type { DeviceEvent } from '@chargeflow/core';
import {
  createChargingActivities,
  type CardLedger,
  type PaymentChannel,
  type ChargingActivities,
  type ChargingPorts,
  type RecordedSampleStore,
} from '@chargeflow/workflows';
import type { Kafka } from 'kafkajs';
import { CardSwipeHandler, type CardStartOptions } from '../cards/swipe.js';
import type { Backoff } from '../kafka/backoff.js';
import { KafkaDeviceCommandBus } from '../kafka/command-bus.js';
import { InMemoryDedupStore } from '../kafka/dedup.js';
import { startDeviceEventIngestion, type DeviceEventIngestion } from '../kafka/ingestion.js';
import {
  silentLogger,
  type AdapterLogger,
  type DeviceCommandBus,
  type DeviceTelemetryWriter,
  type DeviceTenantLookup,
} from '../kafka/ports.js';
import { createDeviceProducer } from '../kafka/producer.js';
import { ensureTopics, type DeviceTopics } from '../kafka/topics.js';
import type { MongoTelemetryStore } from '../telemetry/mongo-telemetry-store.js';
import type { TenantDatabase, TenantDatabases } from '../tenancy/ports.js';
import { createChargingPorts, tenantResolver } from './charging-ports.js';
import { RepositorySessionLookup, TemporalDeviceEventSink } from './device-event-sink.js';
import { CachedSessionLookup } from './session-cache.js';
import { withAfterSettlement } from './settlement-hook.js';
import type { SettlementListener } from '../payments/split-trigger.js';
import { CameraEventRouter } from '../reservations/camera-event-router.js';
import { OccupancyTracker } from '../reservations/occupancy-tracker.js';
import { SnapshotRecorder } from '../cameras/snapshot-recorder.js';
import type { SnapshotStore } from '../cameras/snapshot-store.js';
import { RepositorySampleRecorder, type SampleRecorder } from './sample-recorder.js';

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

/** What the charging services serve: every tenant's database and the device registry. */
export interface ChargingTenancyOptions {
  /**
   * Each tenant's own database (`PooledTenantDatabases`): every port call opens the database of the
   * tenant its request names, and a sign of life reads the active orders of its serial's tenant.
   */
  readonly tenants: Pick<TenantDatabases, 'get'>;
  /** Serial → tenant (`PlatformDeviceRegistry`): where a device event goes; none is UNKNOWN_DEVICE. */
  readonly devices: DeviceTenantLookup;
  /** The card ledger of a tenant's database; default `DatabaseCardLedger` over that database. */
  readonly cards?: (tenant: TenantDatabase) => CardLedger;
  /** Card swipes start card-funded sessions on this client and queue (ORD-1); without it CARD_SWIPED is dropped. */
  readonly cardStarts?: CardStartOptions;
  /** The payment channels of a tenant's stations (`openPaymentServices(…).channels`); required for prepay returns. */
  readonly payments?: (tenant: TenantDatabase) => PaymentChannel;
  /** Run after each settlement is stored (`startSplitAfterSettlement`: SPL-1 split settlement). */
  readonly afterSettlement?: SettlementListener;
  /** Where cameras' SNAPSHOT_TAKEN images are stored (GridFS, or in memory); without it they are dropped. */
  readonly snapshots?: SnapshotStore;
}

/** What `wireChargingSession` needs: the tenants, the device registry, Temporal, and how commands leave. */
export interface ChargingSessionWiringOptions extends ChargingTenancyOptions {
  /** How device commands reach the chargers (Kafka, or the local stack's in-process fleet). */
  readonly commands: DeviceCommandBus;
  readonly workflows: Pick<WorkflowClient, 'getHandle'>;
  readonly logger?: AdapterLogger;
  readonly now?: () => number;
  /** How long a serial's active orders are reused for its signs of life without a start/end seen; default 30 s. */
  readonly sessionCacheTtlMs?: number;
  /** `TemporalDeviceEventSinkOptions.signOfLifeIntervalMs`: default 0 (every sign of life is forwarded). */
  readonly signOfLifeIntervalMs?: number;
  /** `TemporalDeviceEventSinkOptions.sampleCheckpointMs` (decision 0019): default 2 minutes. */
  readonly sampleCheckpointMs?: number;
  /** Where car sessions' samples are recorded and read back (decision 0019); default the tenants' databases. */
  readonly samples?: SampleRecorder & RecordedSampleStore;
}

/** The transport-independent half of the charging services: ports, activities, the device-event sink. */
export interface ChargingSessionWiring {
  readonly ports: ChargingPorts;
  readonly activities: ChargingActivities;
  readonly sink: TemporalDeviceEventSink;
  /** Where the device path looks up each serial's tenant (the `devices` option). */
  readonly devices: DeviceTenantLookup;
}

/**
 * Wires what every device transport shares, for every tenant: the ports (the given command bus; the
 * order repository, the sandbox payment channel and the card ledger over the database of the tenant
 * each request names, resolved per call by `tenantResolver`) → activities, and the
 * `TemporalDeviceEventSink` (signals to `charging-<serial's tenant>-<orderNo>`; sign-of-life events
 * routed through that tenant's order table, behind a `CachedSessionLookup`).
 */
export function wireChargingSession(options: ChargingSessionWiringOptions): ChargingSessionWiring {
  const now = options.now ?? Date.now;
  const tenants = tenantResolver({
    tenants: options.tenants,
    now,
    ...(options.cards === undefined ? {} : { cards: options.cards }),
    ...(options.payments === undefined ? {} : { payments: options.payments }),
  });
  // Decision 0019: the ingestion records car sessions' samples; the workflows read them back.
  const samples = options.samples ?? new RepositorySampleRecorder(options.tenants);
  const ports = {
    ...withAfterSettlement(
      createChargingPorts({ commands: options.commands, tenants }),
      options.afterSettlement,
    ),
    samples,
  };
  const sink = new TemporalDeviceEventSink({
    ...(options.cardStarts === undefined
      ? {}
      : {
          cardSwipes: new CardSwipeHandler({
            ...options.cardStarts,
            tenants: options.tenants,
            commands: options.commands,
            now,
            ...(options.logger === undefined ? {} : { logger: options.logger }),
          }),
        }),
    parking: new CameraEventRouter({
      tenants: options.tenants,
      workflows: options.workflows,
      occupancy: new OccupancyTracker(now), // TAR-12: stays without a reservation
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    }),
    ...(options.snapshots === undefined
      ? {}
      : {
          snapshots: new SnapshotRecorder({
            tenants: options.tenants,
            store: options.snapshots,
            ...(options.logger === undefined ? {} : { logger: options.logger }),
          }),
        }),
    workflows: options.workflows,
    sessions: new CachedSessionLookup(new RepositorySessionLookup(options.tenants, now), {
      ...(options.sessionCacheTtlMs === undefined ? {} : { ttlMs: options.sessionCacheTtlMs }),
    }),
    logger: options.logger ?? silentLogger,
    now,
    ...(options.signOfLifeIntervalMs === undefined
      ? {}
      : { signOfLifeIntervalMs: options.signOfLifeIntervalMs }),
    samples,
    ...(options.sampleCheckpointMs === undefined ? {} : { sampleCheckpointMs: options.sampleCheckpointMs }),
  });
  return { ports, sink, devices: options.devices, activities: createChargingActivities(ports) };
}

/** What `startChargingServices` needs: open connections plus the names to use. */
export interface ChargingServicesOptions extends ChargingTenancyOptions {
  readonly kafka: Kafka;
  readonly topics: DeviceTopics;
  /** Consumer group of the device-event ingestion (one per deployment; workers share the partitions). */
  readonly ingestionGroupId: string;
  /** `client.workflow` of a Client with `dataConverter: { payloadConverterPath }`. */
  readonly workflows: Pick<WorkflowClient, 'getHandle'>;
  /**
   * Raw telemetry store (MongoDB, or any idempotent writer); without it telemetry is not written.
   * One store for every tenant (events of unregistered serials are not written).
   */
  readonly telemetry?: MongoTelemetryStore | DeviceTelemetryWriter;
  readonly logger?: AdapterLogger;
  readonly now?: () => number;
  readonly dedupCapacity?: number;
  readonly backoff?: Partial<Backoff>;
  readonly partitionsConsumedConcurrently?: number;
  /** Attempts before an event refused for good is dead-lettered (`startDeviceEventIngestion`); default 5. */
  readonly maxDeliveryAttempts?: number;
  /** `TemporalDeviceEventSinkOptions.signOfLifeIntervalMs`: default 0 (every sign of life is forwarded). */
  readonly signOfLifeIntervalMs?: number;
  /** `TemporalDeviceEventSinkOptions.sampleCheckpointMs` (decision 0019): default 2 minutes. */
  readonly sampleCheckpointMs?: number;
  /** Where car sessions' samples are recorded and read back (decision 0019); default the tenants' databases. */
  readonly samples?: SampleRecorder & RecordedSampleStore;
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
 * Wires the charging session's ports and the device-event path for every tenant:
 * topics (created if missing) → command producer → ports (Kafka commands; order repository,
 * sandbox payment channel, card ledger per tenant database) → activities; ingestion (validate,
 * serial's tenant from the device registry, DLQ, de-duplicate) → `TemporalDeviceEventSink`
 * (signals) + `MongoTelemetryWriter` (telemetry).
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
  const { ports, sink, devices, activities } = wireChargingSession({
    ...options,
    commands: new KafkaDeviceCommandBus(producer, options.topics.commands),
  });

  let ingestion: DeviceEventIngestion;
  try {
    ingestion = await startDeviceEventIngestion({
      kafka: options.kafka,
      groupId: options.ingestionGroupId,
      topics: options.topics,
      devices,
      sink,
      dedup: new InMemoryDedupStore(options.dedupCapacity ?? 100_000),
      ...(options.telemetry === undefined ? {} : { telemetry: telemetryWriter(options.telemetry) }),
      logger,
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.partitionsConsumedConcurrently === undefined
        ? {}
        : { partitionsConsumedConcurrently: options.partitionsConsumedConcurrently }),
      ...(options.maxDeliveryAttempts === undefined
        ? {}
        : { maxDeliveryAttempts: options.maxDeliveryAttempts }),
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

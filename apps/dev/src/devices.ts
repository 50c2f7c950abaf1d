import type { WorkflowClient } from '@temporalio/client';
import { Kafka, logLevel } from 'kafkajs';
import type { DeviceEvent } from '@chargeflow/core';
import type { CardStartOptions, MongoTelemetryStore } from '@chargeflow/adapters';
import {
  Closers,
  openMongoTelemetry,
  InMemoryTelemetryStore,
  deviceTopics,
  startChargingServices,
  startDeviceSimulator,
  startCameraSimulator,
  startInProcessChargingServices,
  type PlateSighting,
  type AdapterLogger,
  type ChargingServices,
  type DeviceRegistry,
  type DeviceTelemetryWriter,
  type TenantDatabase,
  type TenantDatabases,
  type PaymentChannel,
  type SnapshotStore,
} from '@chargeflow/adapters';
import type { LocalStackConfig } from './config.js';
import { DEMO_DEVICES, DEMO_PARKING, demoSimulatorSettings } from './demo-data.js';

/** The device side of the local stack: commands out, events in, telemetry, and the simulated chargers. */
export interface LocalDevices {
  /** Register on the worker. */
  readonly activities: ChargingServices['activities'];
  /** The device command bus (reservationWorkflow's lock commands, RES-2). */
  readonly commands: ChargingServices['ports']['commands'];
  /** The demo camera sees a plate enter or leave one of its spaces (device time `at`, default now; RES-2). */
  sight(serialNo: string, sighting: PlateSighting, at?: number): Promise<void>;
  /** One line each for the banner: how events travel, where telemetry goes. */
  readonly eventPath: string;
  readonly telemetryStore: string;
  /** The embedded telemetry store, when MONGODB_URL is unset. */
  readonly memoryTelemetry?: InMemoryTelemetryStore;
  /** First shutdown step: no new signals. */
  stopIngestion(): Promise<void>;
  /** After the worker stopped: simulator, producer, Mongo. */
  close(): Promise<void>;
}

/** What `startLocalDevices` needs from the stack. */
export interface LocalDevicesOptions {
  readonly config: LocalStackConfig;
  /** Every tenant's database (the API's `services.tenants`): the worker serves all tenants. */
  readonly tenants: TenantDatabases;
  /** The payment channels of a tenant's stations (the API's `services.payments`): prepay returns. */
  readonly payments: (db: TenantDatabase) => PaymentChannel;
  /** The device registry (serial → tenant): the demo chargers' events go to their serial's tenant. */
  readonly devices: DeviceRegistry;
  readonly workflows: Pick<WorkflowClient, 'getHandle'>;
  /** Card swipes start card-funded sessions (ORD-1); without it CARD_SWIPED is dropped. */
  readonly cardStarts?: CardStartOptions;
  /** Where cameras' SNAPSHOT_TAKEN images go (the store the API reads, SPEC §14). */
  readonly snapshots?: SnapshotStore;
  readonly logger: AdapterLogger;
  /** Sees every event the in-process chargers emit (tests). */
  readonly observe?: (serialNo: string, events: readonly DeviceEvent[]) => void;
}

/**
 * Starts the device path: without KAFKA_BROKERS, the in-process path (command bus → simulated demo
 * chargers → validation, dedup, telemetry → Temporal signals); with it, the production Kafka path
 * (`startChargingServices`) plus a Kafka device simulator answering for the demo serials.
 * Telemetry goes to MongoDB when MONGODB_URL is set, otherwise to an in-memory store.
 */
export async function startLocalDevices(options: LocalDevicesOptions): Promise<LocalDevices> {
  const { config, logger } = options;
  const closers = new Closers(logger);
  let telemetry: MongoTelemetryStore | DeviceTelemetryWriter;
  let memoryTelemetry: InMemoryTelemetryStore | undefined;
  if (config.MONGODB_URL) {
    const mongo = await openMongoTelemetry(config.MONGODB_URL);
    closers.add(mongo.close);
    telemetry = mongo.store;
  } else {
    memoryTelemetry = new InMemoryTelemetryStore();
    telemetry = memoryTelemetry;
  }
  const base = {
    tenants: options.tenants,
    payments: options.payments,
    devices: options.devices,
    workflows: options.workflows,
    ...(options.cardStarts === undefined ? {} : { cardStarts: options.cardStarts }),
    ...(options.snapshots === undefined ? {} : { snapshots: options.snapshots }),
    telemetry,
    logger,
  };
  const chargers = DEMO_DEVICES.map((c) => ({
    serialNo: c.serialNo,
    settings: demoSimulatorSettings(c, config.DEVICE_TIME_SCALE),
  }));
  const cameras = [
    { serialNo: DEMO_PARKING.camera.serialNo, spaceNos: DEMO_PARKING.spaces.map((space) => space.name) },
  ];
  const telemetryStore = config.MONGODB_URL
    ? 'MongoDB (MONGODB_URL)'
    : 'in memory (set MONGODB_URL to keep it)';
  try {
    if (!config.KAFKA_BROKERS) {
      const services = startInProcessChargingServices({
        ...base,
        chargers,
        cameras,
        ...(options.observe === undefined ? {} : { observe: options.observe }),
      });
      return {
        activities: services.activities,
        commands: services.ports.commands,
        sight: (serialNo, sighting, at) => {
          services.cameras.sight(serialNo, sighting, at);
          return Promise.resolve();
        },
        eventPath: `in process: simulated chargers ${services.fleet.serials.join(', ')} (${config.DEVICE_TIME_SCALE}× while charging), camera ${services.cameras.serials.join(', ')}`,
        telemetryStore,
        ...(memoryTelemetry === undefined ? {} : { memoryTelemetry }),
        stopIngestion: () => services.stopIngestion(),
        close: async () => {
          await services.close();
          await closers.closeAll();
        },
      };
    }
    const kafka = new Kafka({
      clientId: `chargeflow-dev-${process.pid}`,
      brokers: config.KAFKA_BROKERS.split(','),
      logLevel: logLevel.WARN,
    });
    const topics = deviceTopics();
    const services = await startChargingServices({
      ...base,
      kafka,
      topics,
      ingestionGroupId: 'chargeflow-ingestion',
    });
    closers.add(() => services.close());
    const simulators = await Promise.all(
      chargers.map((c) =>
        startDeviceSimulator({ kafka, topics, serials: [c.serialNo], settings: c.settings, logger }),
      ),
    );
    closers.add(() => Promise.all(simulators.map((s) => s.stop())));
    const cameraSimulators = new Map<string, Awaited<ReturnType<typeof startCameraSimulator>>>(
      await Promise.all(
        cameras.map(
          async (c) => [c.serialNo, await startCameraSimulator({ kafka, topics, ...c, logger })] as const,
        ),
      ),
    );
    closers.add(() => Promise.all([...cameraSimulators.values()].map((c) => c.stop())));
    return {
      activities: services.activities,
      commands: services.ports.commands,
      sight: async (serialNo, sighting, at) => {
        const camera = cameraSimulators.get(serialNo);
        if (camera === undefined) throw new RangeError(`no simulated camera ${serialNo}`);
        await camera.sight(sighting, at);
      },
      eventPath: `Kafka ${config.KAFKA_BROKERS} (${topics.events}); simulators for ${chargers.map((c) => c.serialNo).join(', ')}`,
      telemetryStore,
      ...(memoryTelemetry === undefined ? {} : { memoryTelemetry }),
      stopIngestion: async () => {
        await Promise.all(simulators.map((s) => s.stop()));
        await services.stopIngestion();
      },
      close: () => closers.closeAll(),
    };
  } catch (error) {
    await closers.closeAll();
    throw error;
  }
}

import {
  connectChargeflowClient,
  createApiServices,
  deviceTopics,
  openGridFsSnapshots,
  commandKafkaClient,
  openKafkaCommandBus,
  createHttpApp,
  ensureFirstPlatformOperator,
  kafkaProbe,
  mongoProbe,
  openControlPlane,
  ormProbe,
  temporalProbe,
  workerProbe,
  Closers,
  type AdapterLogger,
  type ApiServices,
  type ControlPlane,
  type DeviceCommandBus,
  type SnapshotStore,
  type HttpApp,
  type Probe,
} from '@chargeflow/adapters';
import { DomainError } from '@chargeflow/core';
import type { Client } from '@temporalio/client';
import type { ApiConfig } from './config.js';

/** The API as a running process builds it: the app plus what it opened. */
export interface BuiltApi {
  readonly app: HttpApp;
  readonly services: ApiServices;
  readonly controlPlane: ControlPlane;
  readonly temporal: Client;
  /** Closes everything this build opened (tenant pools, Temporal, the platform database). */
  close(): Promise<void>;
}

/** The device side the API uses, when the caller (the local stack) brings its own. */
export interface ApiDeviceSide {
  /** Camera commands; default: a Kafka producer when KAFKA_BROKERS is set, else none (503). */
  readonly commands?: DeviceCommandBus;
  /** Snapshot reads; default: GridFS in MONGODB_URL when set, else none (503). */
  readonly snapshots?: SnapshotStore;
}

/**
 * The composition root of the API (apps/api): opens the control plane (platform database,
 * provisioner, secret box), Temporal, the device command producer (KAFKA_BROKERS) and the snapshot
 * store (MONGODB_URL), then builds every route for all tenants over them. The local stack calls this
 * too, so it serves exactly the production API.
 */
export async function buildApi(
  config: ApiConfig,
  logger: AdapterLogger,
  extraProbes: readonly Probe[] = [],
  deviceSide: ApiDeviceSide = {},
): Promise<BuiltApi> {
  const closers = new Closers(logger);
  try {
    const controlPlane = await openControlPlane({
      databaseUrl: config.DATABASE_URL,
      secretKey: config.CHARGEFLOW_SECRET_KEY,
      adminUrls: config.TENANT_DB_ADMIN_URLS,
      tenantDir: config.TENANT_DB_DIR,
      migrate: config.MIGRATE_ON_START === 'true',
    });
    closers.add(() => controlPlane.orm.close());
    if (controlPlane.applied.length > 0)
      logger.info({ applied: controlPlane.applied }, 'platform database migrated');
    const temporal = await connectChargeflowClient({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    closers.add(temporal.close);
    const commands = deviceSide.commands ?? (await openCommands(config, closers));
    const snapshots = deviceSide.snapshots ?? (await openSnapshots(config, closers));
    const services = createApiServices({
      platform: controlPlane.orm,
      provisioner: controlPlane.provisioner,
      secrets: controlPlane.secrets,
      tokenSecret: config.auth.tokenSecret,
      accessTokenTtlMs: config.auth.accessTokenTtlMs,
      refreshTokenTtlMs: config.auth.refreshTokenTtlMs,
      workflows: temporal.client.workflow,
      taskQueue: config.TASK_QUEUE,
      timeouts: {
        startMs: config.ORDER_START_TIMEOUT_SECONDS * 1000,
        heartbeatMs: config.ORDER_HEARTBEAT_TIMEOUT_SECONDS * 1000,
        stopMs: config.ORDER_STOP_TIMEOUT_SECONDS * 1000,
      },
      sms: config.SMS_PROVIDER === 'sandbox' ? 'sandbox' : disabledSms,
      contracts: { noticeDays: config.CONTRACT_NOTICE_DAYS, notifier: 'sandbox' },
      payments: config.payments,
      ...(commands === undefined ? {} : { commands }),
      ...(snapshots === undefined ? {} : { snapshots }),
      logger,
    });
    closers.add(() => services.close());
    if (config.PLATFORM_ADMIN_PHONE !== undefined && config.PLATFORM_ADMIN_PASSWORD !== undefined) {
      const credentials = { phone: config.PLATFORM_ADMIN_PHONE, password: config.PLATFORM_ADMIN_PASSWORD };
      if (await ensureFirstPlatformOperator(services.platformUsers, credentials)) {
        logger.info({}, 'first platform operator created (PLATFORM_ADMIN_PHONE)');
      }
    }
    const probes: Probe[] = [
      ormProbe(controlPlane.orm, config.DATABASE_URL),
      temporalProbe(config.TEMPORAL_ADDRESS),
      workerProbe(temporal.client, config.TASK_QUEUE),
      ...(config.KAFKA_BROKERS === undefined
        ? []
        : [kafkaProbe(config.KAFKA_BROKERS.split(',').map((b) => b.trim()))]),
      ...(config.MONGODB_URL === undefined ? [] : [mongoProbe(config.MONGODB_URL)]),
      ...extraProbes,
    ];
    const app = createHttpApp({
      probes: () => probes,
      ...services.http,
      bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
      ...(config.CORS_ORIGINS === undefined
        ? {}
        : { corsOrigins: config.CORS_ORIGINS.split(',').map((o) => o.trim()) }),
      trustProxy: config.TRUST_PROXY === 'true',
    });
    return { app, services, controlPlane, temporal: temporal.client, close: () => closers.closeAll() };
  } catch (error) {
    await closers.closeAll();
    throw error;
  }
}

/** SPEC §14 camera commands from the API: its own producer on the commands topic (decision 0014). */
async function openCommands(config: ApiConfig, closers: Closers): Promise<DeviceCommandBus | undefined> {
  if (config.KAFKA_BROKERS === undefined) return undefined;
  const kafka = commandKafkaClient(
    config.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    `chargeflow-api-${process.pid}`,
  );
  const topics = deviceTopics({
    prefix: config.KAFKA_TOPIC_PREFIX,
    partitions: config.KAFKA_TOPIC_PARTITIONS,
  });
  const { bus, close } = await openKafkaCommandBus(kafka, topics);
  closers.add(close);
  return bus;
}

/** Snapshot images the worker stored in GridFS (MONGODB_URL). */
async function openSnapshots(config: ApiConfig, closers: Closers): Promise<SnapshotStore | undefined> {
  if (config.MONGODB_URL === undefined) return undefined;
  const { store, close } = await openGridFsSnapshots(config.MONGODB_URL);
  closers.add(close);
  return store;
}

/** SMS_PROVIDER=none: app sign-in answers SMS_SEND_FAILED (no provider adapter is configured). */
const disabledSms = {
  send: (): Promise<void> =>
    Promise.reject(
      new DomainError('SMS_SEND_FAILED', 'no SMS provider is configured (SMS_PROVIDER=none)', {}),
    ),
};

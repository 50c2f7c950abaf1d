import { dirname, join } from 'node:path';
import type { DeviceEvent } from '@chargeflow/core';
import {
  Closers,
  contractActivities,
  DatabaseReservationDesk,
  InMemorySnapshotStore,
  LateDeviceCommandBus,
  LedgerRefundDesk,
  openGridFsSnapshots,
  ProviderInvoiceDesk,
  invoicingProviderOf,
  isSqliteUrl,
  prepayReturnsThroughWorkflow,
  silentLogger,
  type AdapterLogger,
  type SnapshotStore,
} from '@chargeflow/adapters';
import {
  createInvoiceActivities,
  createRefundActivities,
  createReservationActivities,
} from '@chargeflow/workflows';
import { apiConfig, buildApi, listen } from '@chargeflow/api';
import { createChargeflowWorker, once, stopWorkerProcess } from '@chargeflow/worker';
import type { LocalStackConfig } from './config.js';
import { withDeviceControls } from './device-controls.js';
import { startLocalDevices, type LocalDevices } from './devices.js';
import { localSecrets } from './secrets.js';
import { seedLocalStack, type DemoSeed } from './seed.js';

/** A running local stack (everything but the Temporal server, which `findOrStartTemporal` handles). */
export interface LocalStack {
  /** http://host:port of the API. */
  readonly url: string;
  readonly seed: DemoSeed;
  readonly devices: LocalDevices;
  /** Platform migrations applied at this start (empty on a re-start over the same database). */
  readonly migrations: readonly string[];
  /** Settles when the worker stops (after `stop()`, or on a fatal worker error). */
  readonly done: Promise<void>;
  /** API closed, ingestion stopped, worker shut down (finishing its tasks), connections and databases closed. */
  stop(): Promise<void>;
}

/** Timeouts of the orders the local API starts (platform time; the chargers' heartbeats are 5 simulated minutes apart). */
export const LOCAL_ORDER_TIMEOUTS = { startMs: 30_000, heartbeatMs: 120_000, stopMs: 30_000 } as const;

/**
 * Starts the production API (apps/api's `buildApi`: every route, all tenants) and a worker with the
 * device path in this process, on embedded defaults: the platform database and one database per
 * tenant as SQLite files in .services/local (or MariaDB with DATABASE_URL), the in-process event path
 * (or Kafka), in-memory telemetry (or MongoDB). Seeds the platform operator, the demo tenant and its
 * operator and assets. A failure part-way closes what was opened.
 */
export async function startLocalStack(
  config: LocalStackConfig,
  options: {
    readonly logger?: AdapterLogger;
    readonly observe?: (serialNo: string, events: readonly DeviceEvent[]) => void;
  } = {},
): Promise<LocalStack> {
  const logger = options.logger ?? silentLogger;
  const closers = new Closers(logger);
  try {
    const secrets = await localSecrets(join(config.localDir, 'secrets.json'));
    const sqlite = isSqliteUrl(config.databaseUrl);
    const settings = apiConfig({
      DATABASE_URL: config.databaseUrl,
      TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
      TASK_QUEUE: config.TASK_QUEUE,
      HOST: config.HOST,
      PORT: String(config.PORT),
      CHARGEFLOW_SECRET_KEY: config.CHARGEFLOW_SECRET_KEY ?? secrets.secretKey,
      AUTH_TOKEN_SECRET: config.AUTH_TOKEN_SECRET ?? secrets.tokenSecret,
      ...(sqlite ? { TENANT_DB_DIR: config.TENANT_DB_DIR ?? tenantDirOf(config) } : {}),
      ...(config.TENANT_DB_ADMIN_URLS === undefined
        ? {}
        : { TENANT_DB_ADMIN_URLS: config.TENANT_DB_ADMIN_URLS }),
      ...(config.KAFKA_BROKERS === undefined ? {} : { KAFKA_BROKERS: config.KAFKA_BROKERS }),
      ...(config.MONGODB_URL === undefined ? {} : { MONGODB_URL: config.MONGODB_URL }),
      SMS_PROVIDER: 'sandbox',
      ORDER_START_TIMEOUT_SECONDS: String(LOCAL_ORDER_TIMEOUTS.startMs / 1000),
      ORDER_HEARTBEAT_TIMEOUT_SECONDS: String(LOCAL_ORDER_TIMEOUTS.heartbeatMs / 1000),
      ORDER_STOP_TIMEOUT_SECONDS: String(LOCAL_ORDER_TIMEOUTS.stopMs / 1000),
    });
    // SPEC §14 snapshots: GridFS with MONGODB_URL, else in memory, shared by the API and the device path;
    // without Kafka the API's camera commands go to the in-process bus, bound once it exists (0014).
    let snapshots: SnapshotStore;
    if (config.MONGODB_URL) {
      const gridfs = await openGridFsSnapshots(config.MONGODB_URL);
      closers.add(gridfs.close);
      snapshots = gridfs.store;
    } else snapshots = new InMemorySnapshotStore();
    const lateCommands = config.KAFKA_BROKERS ? undefined : new LateDeviceCommandBus();
    const api = await buildApi(settings, logger, [], {
      snapshots,
      ...(lateCommands === undefined ? {} : { commands: lateCommands }),
    });
    closers.add(() => api.close());
    const seed = await seedLocalStack(api, config);

    const devices = await startLocalDevices({
      config,
      tenants: api.services.tenants,
      devices: api.services.devices,
      payments: (db) =>
        prepayReturnsThroughWorkflow(api.services.payments.channels(db.em, db.tenantId), db.tenantId, {
          workflows: api.temporal.workflow,
          taskQueue: config.TASK_QUEUE,
        }),
      workflows: api.temporal.workflow,
      cardStarts: {
        workflows: api.temporal.workflow,
        taskQueue: config.TASK_QUEUE,
        timeouts: LOCAL_ORDER_TIMEOUTS,
      },
      snapshots,
      logger,
      ...(options.observe === undefined ? {} : { observe: options.observe }),
    });
    closers.add(() => devices.close());
    lateCommands?.bind(devices.commands);

    const { worker, connection: workerConnection } = await createChargeflowWorker({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TASK_QUEUE,
      activities: {
        ...devices.activities,
        ...contractActivities({ platform: api.controlPlane.orm.em, notifier: 'sandbox' }),
        ...createRefundActivities(
          new LedgerRefundDesk({ tenants: api.services.tenants, payments: api.services.payments }),
        ),
        // The local stack's invoices go to the sandbox provider (INV-2), answering after 1 s.
        ...createInvoiceActivities(
          new ProviderInvoiceDesk({
            tenants: api.services.tenants,
            provider: invoicingProviderOf(
              { kind: 'sandbox', delayMs: 1_000, failureRate: 0 },
              api.controlPlane.secrets,
            ),
            clock: Date.now,
          }),
        ),
        ...createReservationActivities(
          new DatabaseReservationDesk({ tenants: api.services.tenants, commands: devices.commands }),
        ),
      },
    });
    closers.add(() => workerConnection.close());
    const done = worker.run();
    const server = await listen(withDeviceControls(api.app, devices), config.HOST, config.PORT);

    return {
      url: `http://${config.HOST}:${config.PORT}`,
      seed,
      devices,
      migrations: api.controlPlane.applied,
      done,
      stop: once(async () => {
        server.close();
        await stopWorkerProcess({
          stopIngestion: () => devices.stopIngestion(),
          worker,
          done,
          closers,
          logger,
        });
      }),
    };
  } catch (error) {
    await closers.closeAll();
    throw error;
  }
}

/** Where a SQLite stack keeps its tenant files: `tenants/` beside the platform file (or in .services/local). */
function tenantDirOf(config: LocalStackConfig): string {
  const file = config.databaseUrl.startsWith('file:') ? config.databaseUrl.slice('file:'.length) : undefined;
  return join(file === undefined ? config.localDir : dirname(file), 'tenants');
}

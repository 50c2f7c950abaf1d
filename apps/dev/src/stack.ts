import type { DeviceEvent } from '@chargeflow/core';
import {
  AssetRepository,
  CHARGEFLOW_ENTITIES,
  ChargingOrderRepository,
  Closers,
  connectChargeflowClient,
  ChargingService,
  SandboxPaymentChannel,
  TariffRepository,
  createHttpApp,
  kafkaProbe,
  migrate,
  mongoProbe,
  openOrm,
  ormProbe,
  silentLogger,
  temporalProbe,
  workerProbe,
  type AdapterLogger,
  type Probe,
} from '@chargeflow/adapters';
import { listen } from '@chargeflow/api';
import { createChargeflowWorker, once, stopWorkerProcess } from '@chargeflow/worker';
import type { LocalStackConfig } from './config.js';
import { startLocalDevices, type LocalDevices } from './devices.js';
import { seedDemo, type DemoSeed } from './seed.js';

/** A running local stack (everything but the Temporal server, which `findOrStartTemporal` handles). */
export interface LocalStack {
  /** http://host:port of the API. */
  readonly url: string;
  readonly seed: DemoSeed;
  readonly devices: LocalDevices;
  /** Migrations applied at this start (empty on a re-start over the same database). */
  readonly migrations: readonly string[];
  /** Settles when the worker stops (after `stop()`, or on a fatal worker error). */
  readonly done: Promise<void>;
  /** API closed, ingestion stopped, worker shut down (finishing its tasks), connections and database closed. */
  stop(): Promise<void>;
}

/** Timeouts of the orders the local API starts (platform time; the chargers' heartbeats are 5 simulated minutes apart). */
export const LOCAL_ORDER_TIMEOUTS = { startMs: 30_000, heartbeatMs: 120_000, stopMs: 30_000 } as const;

/**
 * Starts API, worker and ingestion in this process: the database (SQLite by default; migrations
 * applied; the demo operator seeded), the device path (`startLocalDevices`), a Temporal client and
 * worker (workflows plus charging activities) on `TASK_QUEUE`, and the HTTP API with /health,
 * assets, tariffs, orders and /openapi.json. A failure part-way closes what was opened.
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
    const orm = await openOrm({ url: config.databaseUrl, entities: CHARGEFLOW_ENTITIES });
    closers.add(() => orm.close());
    const migrations = await migrate(orm);
    const now = Date.now;
    const assets = new AssetRepository(orm.em, now);
    const tariffs = new TariffRepository(orm.em, now);
    const orders = new ChargingOrderRepository(orm.em, now);
    const seed = await seedDemo({ assets, tariffs });

    const temporal = await connectChargeflowClient({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    closers.add(temporal.close);
    const { client } = temporal;
    const devices = await startLocalDevices({
      config,
      orm,
      workflows: client.workflow,
      logger,
      ...(options.observe === undefined ? {} : { observe: options.observe }),
    });
    closers.add(() => devices.close());

    const { worker, connection: workerConnection } = await createChargeflowWorker({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TASK_QUEUE,
      activities: { ...devices.activities },
    });
    closers.add(() => workerConnection.close());
    const done = worker.run();

    const charging = new ChargingService({
      tenantId: config.CHARGEFLOW_TENANT_ID,
      assets,
      tariffs,
      orders,
      payments: new SandboxPaymentChannel(orm.em, now),
      workflows: client.workflow,
      taskQueue: config.TASK_QUEUE,
      clock: now,
      timeouts: LOCAL_ORDER_TIMEOUTS,
      logger,
    });
    const probes: Probe[] = [
      temporalProbe(config.TEMPORAL_ADDRESS),
      workerProbe(client, config.TASK_QUEUE),
      ormProbe(orm, config.databaseUrl),
    ];
    if (config.KAFKA_BROKERS) probes.push(kafkaProbe(config.KAFKA_BROKERS.split(',')));
    if (config.MONGODB_URL) probes.push(mongoProbe(config.MONGODB_URL));
    const app = createHttpApp({
      probes: () => probes,
      assets: { assets, tariffs },
      charging,
      clock: now,
      logger,
    });
    const server = await listen(app, config.HOST, config.PORT);

    return {
      url: `http://${config.HOST}:${config.PORT}`,
      seed,
      devices,
      migrations,
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

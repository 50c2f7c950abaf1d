import { Kafka, logLevel } from 'kafkajs';
import {
  CHARGEFLOW_ENTITIES,
  Closers,
  connectChargeflowClient,
  migrate,
  openMongoTelemetry,
  openOrm,
  startChargingServices,
  type AdapterLogger,
} from '@chargeflow/adapters';
import type { WorkerConfig } from './config.js';
import { once, stopWorkerProcess } from './stop.js';
import { createChargeflowWorker } from './worker.js';

/** A running worker process: the Temporal worker plus the device-event ingestion. */
export interface RunningWorker {
  /** Settles when the worker stopped (after `stop()`, or on a fatal worker error). */
  readonly done: Promise<void>;
  /** Graceful shutdown: ingestion first (no new signals), then the worker (finishes its tasks), then connections. */
  stop(): Promise<void>;
}

/**
 * The composition root of the worker process. Opens, in order: the database (MariaDB; migrations
 * unless `migrateOnStart` is false), MongoDB telemetry (indexes ensured), Kafka (topics ensured,
 * command producer, ingestion consumer), a Temporal client (for the ingestion's signals), and the
 * Temporal worker running the workflows with the system and charging activities. Whatever was
 * opened is closed again if a later step fails.
 */
export async function startWorkerProcess(
  config: WorkerConfig,
  logger: AdapterLogger,
): Promise<RunningWorker> {
  const closers = new Closers(logger);
  try {
    const orm = await openOrm({ url: config.DATABASE_URL, entities: CHARGEFLOW_ENTITIES });
    closers.add(() => orm.close());
    if (config.migrateOnStart) {
      const applied = await migrate(orm);
      logger.info({ applied }, 'database migrated');
    }
    const { store: telemetry, close: closeTelemetry } = await openMongoTelemetry(config.MONGODB_URL);
    closers.add(closeTelemetry);

    const temporal = await connectChargeflowClient({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    closers.add(temporal.close);
    const { client } = temporal;
    const kafka = new Kafka({
      clientId: `chargeflow-worker-${process.pid}`,
      brokers: config.KAFKA_BROKERS,
      logLevel: logLevel.WARN,
    });
    const services = await startChargingServices({
      kafka,
      topics: config.topics,
      ingestionGroupId: config.ingestionGroupId,
      orm,
      workflows: client.workflow,
      tenantId: config.tenantId,
      telemetry,
      logger,
    });
    closers.add(() => services.close());

    const { worker, connection: workerConnection } = await createChargeflowWorker({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.taskQueue,
      activities: { ...services.activities },
    });
    closers.add(() => workerConnection.close());
    const done = worker.run();
    logger.info(
      { taskQueue: config.taskQueue, tenantId: config.tenantId, events: config.topics.events },
      'worker running: charging workflows and device-event ingestion',
    );

    return {
      done,
      stop: once(() =>
        stopWorkerProcess({ stopIngestion: () => services.stopIngestion(), worker, done, closers, logger }),
      ),
    };
  } catch (error) {
    await closers.closeAll();
    throw error;
  }
}

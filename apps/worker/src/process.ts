import { Client, Connection } from '@temporalio/client';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import {
  CHARGEFLOW_ENTITIES,
  MongoTelemetryStore,
  migrate,
  openOrm,
  startChargingServices,
  type AdapterLogger,
} from '@chargeflow/adapters';
import { payloadConverterPath } from '@chargeflow/workflows';
import type { WorkerConfig } from './config.js';
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
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) {
      await close().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
    }
    closers.length = 0;
  };
  try {
    const orm = await openOrm({ url: config.DATABASE_URL, entities: CHARGEFLOW_ENTITIES });
    closers.push(() => orm.close());
    if (config.migrateOnStart) {
      const applied = await migrate(orm);
      logger.info({ applied }, 'database migrated');
    }
    const mongo = await MongoClient.connect(config.MONGODB_URL, { serverSelectionTimeoutMS: 10_000 });
    closers.push(() => mongo.close());
    const telemetry = new MongoTelemetryStore(mongo.db());
    await telemetry.ensureIndexes();

    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    closers.push(() => connection.close());
    const client = new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: { payloadConverterPath },
    });
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
    closers.push(() => services.close());

    const { worker, connection: workerConnection } = await createChargeflowWorker({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.taskQueue,
      activities: { ...services.activities },
    });
    closers.push(() => workerConnection.close());
    const done = worker.run();
    logger.info(
      { taskQueue: config.taskQueue, tenantId: config.tenantId, events: config.topics.events },
      'worker running: charging workflows and device-event ingestion',
    );

    let stopping: Promise<void> | undefined;
    return {
      done,
      stop: () => {
        stopping ??= (async () => {
          await services
            .stopIngestion()
            .catch((error: unknown) => logger.error({ err: error }, 'ingestion stop'));
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await done.catch((error: unknown) => logger.error({ err: error }, 'worker ended with an error'));
          await closeAll();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

import { Kafka, logLevel } from 'kafkajs';
import {
  Closers,
  PlatformDeviceRegistry,
  PooledTenantDatabases,
  connectChargeflowClient,
  contractActivities,
  openControlPlane,
  openGridFsSnapshots,
  openMongoTelemetry,
  openPaymentServices,
  prepayReturnsThroughWorkflow,
  signalRefundSettled,
  signalSplitSettled,
  startChargingServices,
  startSplitAfterSettlement,
  DatabaseReservationDesk,
  LedgerRefundDesk,
  ProviderInvoiceDesk,
  invoicingProviderOf,
  type AdapterLogger,
  LedgerSplitDesk,
} from '@chargeflow/adapters';
import {
  createInvoiceActivities,
  createRefundActivities,
  createReservationActivities,
  createSplitActivities,
} from '@chargeflow/workflows';
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
 * The composition root of the worker process, serving every tenant of the platform. Opens, in
 * order: the control plane (`openControlPlane`, as the API does: the platform database with its
 * migrations unless `migrateOnStart` is false, the tenant provisioner — MariaDB servers from
 * TENANT_DB_ADMIN_URLS, or SQLite files beside a file: platform — and the secret box), the tenant
 * pools (`PooledTenantDatabases`: each tenant's own database, opened lazily and migrated on first
 * open) and the device registry (`PlatformDeviceRegistry`), MongoDB telemetry (indexes ensured),
 * Kafka (topics ensured, command producer, ingestion consumer), a Temporal client (for the
 * ingestion's signals), and the Temporal worker running the workflows with the system, charging and
 * contract activities (TEN-4: the platform database's contracts, the notifier of CONTRACT_NOTIFIER). Whatever was opened is closed again if a later step fails.
 */
export async function startWorkerProcess(
  config: WorkerConfig,
  logger: AdapterLogger,
): Promise<RunningWorker> {
  const closers = new Closers(logger);
  try {
    const controlPlane = await openControlPlane({
      databaseUrl: config.DATABASE_URL,
      secretKey: config.secretKey,
      adminUrls: config.tenantDbAdminUrls,
      tenantDir: config.tenantDbDir,
      migrate: config.migrateOnStart,
    });
    closers.add(() => controlPlane.orm.close());
    if (controlPlane.applied.length > 0)
      logger.info({ applied: controlPlane.applied }, 'platform database migrated');
    const tenants = new PooledTenantDatabases({
      em: controlPlane.orm.em,
      provisioner: controlPlane.provisioner,
      secrets: controlPlane.secrets,
      migrateOnOpen: config.migrateOnStart,
    });
    closers.add(() => tenants.closeAll());
    const devices = new PlatformDeviceRegistry({ em: controlPlane.orm.em, now: Date.now });
    const { store: telemetry, close: closeTelemetry } = await openMongoTelemetry(config.MONGODB_URL);
    closers.add(closeTelemetry);
    // SPEC §14: cameras' SNAPSHOT_TAKEN images go to GridFS in the same MongoDB (decision 0014).
    const { store: snapshots, close: closeSnapshots } = await openGridFsSnapshots(config.MONGODB_URL);
    closers.add(closeSnapshots);

    const temporal = await connectChargeflowClient({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    closers.add(temporal.close);
    const { client } = temporal;
    const payments = openPaymentServices({
      options: config.payments,
      tenants,
      secrets: controlPlane.secrets,
      clock: Date.now,
      logger,
      onRefundSettled: signalRefundSettled(client.workflow),
      onSplitSettled: signalSplitSettled(client.workflow),
    });
    closers.add(async () => payments.close());
    const kafka = new Kafka({
      clientId: `chargeflow-worker-${process.pid}`,
      brokers: config.KAFKA_BROKERS,
      logLevel: logLevel.WARN,
    });
    const services = await startChargingServices({
      kafka,
      topics: config.topics,
      ingestionGroupId: config.ingestionGroupId,
      tenants,
      devices,
      // ORD-6, REF-2: a settlement's PREPAY_RETURN is carried by refundWorkflow, like a FEE_REFUND.
      payments: (db) =>
        prepayReturnsThroughWorkflow(payments.channels(db.em, db.tenantId), db.tenantId, {
          workflows: client.workflow,
          taskQueue: config.taskQueue,
        }),
      // SPL-1: a paid order at a station with splits on is split after its settlement.
      afterSettlement: startSplitAfterSettlement({
        tenants,
        workflows: client.workflow,
        taskQueue: config.taskQueue,
      }),
      workflows: client.workflow,
      cardStarts: { workflows: client.workflow, taskQueue: config.taskQueue, timeouts: config.orderTimeouts },
      telemetry,
      snapshots,
      logger,
      partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
      signOfLifeIntervalMs: config.signOfLifeIntervalMs,
      sampleCheckpointMs: config.sampleCheckpointMs,
    });
    closers.add(() => services.close());

    const { worker, connection: workerConnection } = await createChargeflowWorker({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.taskQueue,
      activities: {
        ...services.activities,
        ...contractActivities({ platform: controlPlane.orm.em, notifier: config.contractNotifier }),
        ...createRefundActivities(new LedgerRefundDesk({ tenants, payments })),
        ...createInvoiceActivities(
          new ProviderInvoiceDesk({
            tenants,
            provider: invoicingProviderOf(config.invoices, controlPlane.secrets),
            clock: Date.now,
          }),
        ),
        ...createSplitActivities(new LedgerSplitDesk({ tenants, payments })),
        ...createReservationActivities(
          new DatabaseReservationDesk({ tenants, commands: services.ports.commands }),
        ),
      },
      tuning: config.tuning,
    });
    closers.add(() => workerConnection.close());
    const done = worker.run();
    logger.info(
      { taskQueue: config.taskQueue, tenantDatabases: controlPlane.kind, events: config.topics.events },
      'worker running for every tenant: charging and contract workflows, device-event ingestion',
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

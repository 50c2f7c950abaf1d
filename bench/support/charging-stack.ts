// The real charging pipeline for bench/session-throughput.bench.ts, as apps/worker wires it: a
// throw-away MariaDB database (migrated), its own Mongo database for telemetry, prefixed Kafka topics,
// a unique Temporal task queue, the ingestion (Kafka → signals) and a Temporal worker running the
// real workflow bundle with the activities `startChargingServices` builds, and the HTTP app (as
// apps/api builds it: repositories + ChargingService) served on a loopback socket. `stop()` removes it all.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { performance } from 'node:perf_hooks';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { payloadConverterPath, workflowBundlerOptions, workflowsPath } from '@chargeflow/workflows';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { ChargingService } from '../../packages/adapters/src/charging/charging-service.js';
import { serviceEndpoints } from '../../packages/adapters/src/config/endpoints.js';
import { createHttpApp } from '../../packages/adapters/src/http/app.js';
import { deleteTopics, deviceTopics, type DeviceTopics } from '../../packages/adapters/src/kafka/topics.js';
import { SandboxPaymentChannel } from '../../packages/adapters/src/payments/sandbox-channel.js';
import { AssetRepository } from '../../packages/adapters/src/persistence/repositories/asset-repository.js';
import { ChargingOrderRepository } from '../../packages/adapters/src/persistence/repositories/charging-order-repository.js';
import { TariffRepository } from '../../packages/adapters/src/persistence/repositories/tariff-repository.js';
import { openThrowawayDatabase } from '../../packages/adapters/src/persistence/test-database.js';
import { MongoTelemetryStore } from '../../packages/adapters/src/telemetry/mongo-telemetry-store.js';
import { startChargingServices } from '../../packages/adapters/src/temporal/charging-services.js';
import { connectChargeflowClient } from '../../packages/adapters/src/temporal/client.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });

export interface BenchStack {
  readonly run: string;
  readonly kafka: Kafka;
  readonly topics: DeviceTopics;
  readonly client: Client;
  readonly taskQueue: string;
  readonly tenantId: string;
  readonly orders: ChargingOrderRepository;
  readonly channel: SandboxPaymentChannel;
  /** The owner rows POST /stations needs (no HTTP route creates them). */
  readonly assets: AssetRepository;
  /** `http://127.0.0.1:<port>`: the HTTP app (assets, tariffs, orders) on a real socket. */
  readonly baseUrl: string;
  /** The app's clock is `Date.now() + clockOffsetMs` (tariffs are saved "in the past" so they are in force). */
  clockOffsetMs: number;
  /** Resolves with `performance.now()` when a START_CHARGING for `orderNo` is seen on the commands topic. */
  startCommandSeen(orderNo: string): Promise<number>;
  /** A consumer group name of this run (deleted by `stop()`). */
  group(name: string): string;
  /** A topic of this run (deleted by `stop()`). */
  extraTopic(name: string): string;
  /** Workflows started by the bench: terminated by `stop()` if still running (after a failure). */
  track(handle: WorkflowHandle): void;
  stop(): Promise<void>;
}

export async function startBenchStack(partitions: number): Promise<BenchStack> {
  const config = serviceEndpoints();
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  // Unique per run: HTTP order numbers come from the clock, and the workflow id is tenant + order no.
  const tenantId = `bench-${run}`;
  const taskQueue = `bench-charging-${run}`;
  const groups: string[] = [];
  const extraTopics: string[] = [];
  const handles: WorkflowHandle[] = [];
  const stoppers: (() => Promise<unknown>)[] = [];
  const group = (name: string): string => {
    const id = `cf-bench-${run}-${name}`;
    groups.push(id);
    return id;
  };
  const kafka = new Kafka({
    clientId: `chargeflow-bench-${run}`,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 },
  });
  const topics = deviceTopics({ prefix: `bench-${run}.`, partitions });

  const stop = async (): Promise<void> => {
    const errors: unknown[] = [];
    await Promise.allSettled(
      handles.map(async (handle) => {
        const { status } = await handle.describe();
        if (status.name === 'RUNNING') await handle.terminate('benchmark tear-down');
      }),
    );
    for (const stopper of stoppers.reverse()) await stopper().catch((error: unknown) => errors.push(error));
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups(groups).catch(() => undefined);
      await deleteTopics(admin, topics);
      const existing = new Set(await admin.listTopics());
      const present = extraTopics.filter((name) => existing.has(name));
      if (present.length > 0) await admin.deleteTopics({ topics: present });
    } finally {
      await admin.disconnect();
    }
    if (errors.length > 0) throw new AggregateError(errors, 'bench stack did not stop cleanly');
  };

  try {
    const db = await openThrowawayDatabase(config.DATABASE_URL, 'cf_bench');
    stoppers.push(() => db.drop());
    const mongoClient = await MongoClient.connect(config.MONGODB_URL, { serverSelectionTimeoutMS: 5000 });
    const mongo = mongoClient.db(`cf_bench_${run}`);
    stoppers.push(async () => {
      await mongo.dropDatabase();
      await mongoClient.close();
    });
    const telemetry = new MongoTelemetryStore(mongo);
    await telemetry.ensureIndexes();

    const { client, close: closeClient } = await connectChargeflowClient({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      connectTimeout: 5_000,
    });
    stoppers.push(closeClient);

    const services = await startChargingServices({
      kafka,
      topics,
      ingestionGroupId: group('ingestion'),
      orm: db.orm,
      workflows: client.workflow,
      tenantId,
      telemetry,
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    stoppers.push(() => services.close());

    const nativeConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    stoppers.push(() => nativeConnection.close());
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath,
        payloadConverterPath,
        ...workflowBundlerOptions,
        logger: new DefaultLogger('ERROR'),
      }),
      dataConverter: { payloadConverterPath },
      activities: services.activities,
    });
    const running = worker.run();
    stoppers.push(async () => {
      worker.shutdown();
      await running;
    });

    // What a charger would listen to: the commands topic, read by its own group.
    const seen = new Map<string, number>();
    const waiters = new Map<string, (at: number) => void>();
    const tap: Consumer = kafka.consumer({ groupId: group('commands-tap') });
    await tap.connect();
    stoppers.push(() => tap.disconnect());
    await tap.subscribe({ topic: topics.commands, fromBeginning: true });
    await tap.run({
      eachMessage: async ({ message }) => {
        const at = performance.now();
        const command = JSON.parse(message.value?.toString('utf8') ?? '{}') as {
          type?: string;
          orderNo?: string;
        };
        if (command.type !== 'START_CHARGING' || command.orderNo === undefined || seen.has(command.orderNo))
          return;
        seen.set(command.orderNo, at);
        waiters.get(command.orderNo)?.(at);
      },
    });

    // The HTTP app as apps/api wires it, on the same database, Temporal client and task queue.
    const clock = { offsetMs: 0 };
    const now = () => Date.now() + clock.offsetMs;
    const assets = new AssetRepository(db.orm.em, now);
    const tariffs = new TariffRepository(db.orm.em, now);
    const charging = new ChargingService({
      tenantId,
      assets,
      tariffs,
      orders: new ChargingOrderRepository(db.orm.em, now),
      payments: new SandboxPaymentChannel(db.orm.em, now),
      workflows: client.workflow,
      taskQueue,
      clock: now,
      timeouts: { startMs: 120_000, heartbeatMs: 600_000, stopMs: 120_000 },
    });
    const app = createHttpApp({ probes: () => [], assets: { assets, tariffs }, charging, clock: now });
    const server = await new Promise<ServerType>((resolve, reject) => {
      const listening = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(listening));
      listening.once('error', reject);
    });
    stoppers.push(
      () =>
        new Promise<void>((resolve, reject) => {
          if ('closeAllConnections' in server) server.closeAllConnections();
          server.close((error) => (error ? reject(error) : resolve()));
        }),
    );
    const { port } = server.address() as AddressInfo;

    return {
      run,
      kafka,
      topics,
      client,
      taskQueue,
      tenantId,
      orders: new ChargingOrderRepository(db.orm.em, Date.now),
      channel: new SandboxPaymentChannel(db.orm.em, Date.now),
      assets,
      baseUrl: `http://127.0.0.1:${port}`,
      get clockOffsetMs() {
        return clock.offsetMs;
      },
      set clockOffsetMs(ms: number) {
        clock.offsetMs = ms;
      },
      startCommandSeen: (orderNo) =>
        new Promise<number>((resolve) => {
          const at = seen.get(orderNo);
          if (at === undefined) waiters.set(orderNo, resolve);
          else resolve(at);
        }),
      group,
      extraTopic: (name) => {
        const topic = `bench-${run}.${name}`;
        extraTopics.push(topic);
        return topic;
      },
      track: (handle) => handles.push(handle),
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

// The real charging pipeline for bench/session-throughput.bench.ts, wired as apps/api and apps/worker
// wire it for every tenant, in one process:
//   - the API (bench/support/api-platform.ts: `openControlPlane` + `createApiServices` +
//     `createHttpApp`) over a throw-away platform database on MariaDB, served on a loopback socket;
//     one tenant provisioned through the control plane (its own database and account), its
//     administrator and an app user signed in;
//   - the worker side: `startChargingServices({ tenants, devices, … })` over the API's own tenant
//     pools and device registry (so a charger created over HTTP, or a serial passed to `register`,
//     is heard at once), prefixed Kafka topics, its own Mongo database for telemetry, and a Temporal
//     worker on a unique task queue running the real workflow bundle with those activities.
// `stop()` removes it all: workflows still running, the worker, topics, groups, the Mongo database,
// the tenant's database and account, the platform database.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { serve, type ServerType } from '@hono/node-server';
import type { Client, WorkflowHandle } from '@temporalio/client';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  bundleWorkflowCode,
  type WorkerOptions,
} from '@temporalio/worker';
import {
  payloadConverterPath,
  workflowBundlerOptions,
  workflowsPath,
  type RecordedSampleStore,
} from '@chargeflow/workflows';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import pMap from 'p-map';
import { serviceEndpoints } from '../../packages/adapters/src/config/endpoints.js';
import { createDeviceProducer } from '../../packages/adapters/src/kafka/producer.js';
import { deleteTopics, deviceTopics, type DeviceTopics } from '../../packages/adapters/src/kafka/topics.js';
import type { StationPaymentChannels } from '../../packages/adapters/src/payments/station-channels.js';
import { ChargingOrderRepository } from '../../packages/adapters/src/persistence/repositories/charging-order-repository.js';
import { MongoTelemetryStore } from '../../packages/adapters/src/telemetry/mongo-telemetry-store.js';
import { startChargingServices } from '../../packages/adapters/src/temporal/charging-services.js';
import { connectChargeflowClient } from '../../packages/adapters/src/temporal/client.js';
import type { TemporalDeviceEventSink } from '../../packages/adapters/src/temporal/device-event-sink.js';
import {
  RepositorySampleRecorder,
  type SampleRecorder,
} from '../../packages/adapters/src/temporal/sample-recorder.js';
import { DEFAULT_SIGN_OF_LIFE_INTERVAL_MS, DEFAULT_WORKER_TUNING } from '../../apps/worker/src/tuning.js';
import { startBenchPlatform, type BenchPlatform, type Headers } from './api-platform.js';
import { runBench } from './harness.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });

export interface BenchStack {
  readonly run: string;
  readonly kafka: Kafka;
  readonly topics: DeviceTopics;
  readonly client: Client;
  readonly taskQueue: string;
  /** The tenant provisioned through the control plane (its own database and account). */
  readonly tenantId: string;
  /** Whole-tenant order repository and sandbox payment channel over the tenant's own database. */
  readonly orders: ChargingOrderRepository;
  readonly channel: StationPaymentChannels;
  /** The API in-process (its services, the operator, helpers). */
  readonly platform: BenchPlatform;
  /** `Authorization` header of the tenant's administrator (back office: assets, tariffs). */
  readonly admin: Headers;
  /** `Authorization` header of an app user of the tenant (POST /me/orders). */
  readonly appUser: Headers;
  /** `http://127.0.0.1:<port>`: the whole API on a real socket. */
  readonly baseUrl: string;
  /** The API's business clock is `Date.now() + clockOffsetMs` (tariffs saved "in the past" are in force). */
  clockOffsetMs: number;
  /** Registers a serial to the tenant in the device registry (what creating a charger over HTTP does). */
  register(serial: string): Promise<void>;
  /** Resolves with `performance.now()` when a START_CHARGING for `orderNo` is seen on the commands topic. */
  startCommandSeen(orderNo: string): Promise<number>;
  /** A consumer group name of this run (deleted by `stop()`). */
  group(name: string): string;
  /** A topic of this run (deleted by `stop()`). */
  extraTopic(name: string): string;
  /** Workflows started by the bench: terminated by `stop()` if still running (after a failure). */
  track(handle: WorkflowHandle): void;
  /** The Temporal worker's own counters (cached workflows, activations in flight). */
  workerStatus(): ReturnType<Worker['getStatus']>;
  /** The device-event sink's counters (signals, samples recorded and held, signs of life skipped). */
  sinkCounts(): TemporalDeviceEventSink['counts'];
  /** Removes everything (once; later calls return the same promise). */
  stop(): Promise<void>;
}

/** What a bench adds to the stack's worker. */
export interface BenchStackOptions {
  /** Worker options over `DEFAULT_WORKER_TUNING` (e.g. `sinks` for a bench's interceptor). */
  readonly worker?: Partial<WorkerOptions>;
  /** Workflow interceptor modules bundled with the workflows (e.g. the lag probe). */
  readonly workflowInterceptorModules?: string[];
  /** Decision 0019's checkpoint (`startChargingServices({ sampleCheckpointMs })`); default the engine's. */
  readonly sampleCheckpointMs?: number;
  /** Wraps the recorder of car sessions' samples (e.g. to time each insert); default as is. */
  readonly samples?: (recorder: RepositorySampleRecorder) => SampleRecorder & RecordedSampleStore;
}

export async function startBenchStack(
  partitions: number,
  options: BenchStackOptions = {},
): Promise<BenchStack> {
  const config = serviceEndpoints();
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
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

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= tearDown());
  const tearDown = async (): Promise<void> => {
    const errors: unknown[] = [];
    await pMap(
      handles,
      async (handle) => {
        const { status } = await handle.describe().catch(() => ({ status: { name: 'UNKNOWN' } }));
        if (status.name === 'RUNNING') await handle.terminate('benchmark tear-down').catch(() => undefined);
      },
      { concurrency: 50 },
    );
    for (const stopper of stoppers.splice(0).reverse()) {
      await stopper().catch((error: unknown) => errors.push(error));
    }
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
    const { client, close: closeClient } = await connectChargeflowClient({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      connectTimeout: 5_000,
    });
    stoppers.push(closeClient);

    // The API, as apps/api builds it, starting its workflows on this run's task queue.
    const clock = { offsetMs: 0 };
    const platform = await startBenchPlatform({
      prefix: 'bs',
      workflows: client.workflow,
      taskQueue,
      clock: () => Date.now() + clock.offsetMs,
    });
    // Runs after the worker has stopped (stoppers run newest first): tenant database, account, platform.
    stoppers.push(() => platform.stop());
    const tenant = await platform.createTenant();
    if (tenant.admin === undefined) throw new Error('the bench tenant has no administrator');
    const tenantDb = await platform.services.tenants.get(tenant.tenantId);
    const appUser = await platform.signInApp(tenant.tenantId, platform.freshPhone());

    const mongoClient = await MongoClient.connect(config.MONGODB_URL, { serverSelectionTimeoutMS: 5000 });
    const mongo = mongoClient.db(`cf_bench_${run}`);
    stoppers.push(async () => {
      await mongo.dropDatabase();
      await mongoClient.close();
    });
    const telemetry = new MongoTelemetryStore(mongo);
    await telemetry.ensureIndexes();

    // The worker side for every tenant, over the API's tenant pools and device registry.
    const services = await startChargingServices({
      kafka,
      topics,
      ingestionGroupId: group('ingestion'),
      tenants: platform.services.tenants,
      devices: platform.services.devices,
      payments: (db) => platform.services.payments.channels(db.em, db.tenantId),
      workflows: client.workflow,
      telemetry,
      backoff: { initialMs: 100, maxMs: 1000 },
      signOfLifeIntervalMs: DEFAULT_SIGN_OF_LIFE_INTERVAL_MS,
      ...(options.sampleCheckpointMs === undefined ? {} : { sampleCheckpointMs: options.sampleCheckpointMs }),
      ...(options.samples === undefined
        ? {}
        : { samples: options.samples(new RepositorySampleRecorder(platform.services.tenants)) }),
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
        ...(options.workflowInterceptorModules === undefined
          ? {}
          : { workflowInterceptorModules: options.workflowInterceptorModules }),
        logger: new DefaultLogger('ERROR'),
      }),
      dataConverter: { payloadConverterPath },
      activities: services.activities,
      ...DEFAULT_WORKER_TUNING,
      ...options.worker,
    });
    const running = worker.run();
    stoppers.push(async () => {
      await services.stopIngestion();
      if (worker.getState() === 'RUNNING') worker.shutdown();
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

    // The whole API on a loopback socket.
    const server = await new Promise<ServerType>((resolve, reject) => {
      const listening = serve({ fetch: platform.app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
        resolve(listening),
      );
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
      tenantId: tenant.tenantId,
      orders: new ChargingOrderRepository(tenantDb.em, Date.now),
      channel: platform.services.payments.channels(tenantDb.em, tenant.tenantId),
      platform,
      admin: tenant.admin,
      appUser,
      baseUrl: `http://127.0.0.1:${port}`,
      get clockOffsetMs() {
        return clock.offsetMs;
      },
      set clockOffsetMs(ms: number) {
        clock.offsetMs = ms;
      },
      register: (serial) => platform.services.devices.register(serial, tenant.tenantId),
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
      workerStatus: () => worker.getStatus(),
      sinkCounts: () => services.sink.counts,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * Starts the stack and a device producer (the bench's chargers), runs `body` over them, then removes
 * everything (`runBench`: also after a failure or Ctrl-C) and exits.
 */
export async function runOnBenchStack(
  partitions: number,
  options: BenchStackOptions,
  body: (stack: BenchStack, producer: Producer) => Promise<void>,
): Promise<never> {
  const stack = await startBenchStack(partitions, options);
  const producer = createDeviceProducer(stack.kafka);
  const cleanUp = async (): Promise<void> => {
    await producer.disconnect().catch(() => undefined);
    await stack.stop();
  };
  return runBench(cleanUp, async () => {
    await producer.connect();
    await body(stack, producer);
  });
}

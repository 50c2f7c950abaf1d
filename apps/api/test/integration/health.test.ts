import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, type NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpApp,
  kafkaProbe,
  mongoProbe,
  mysqlProbe,
  serviceEndpoints,
  temporalProbe,
  workerProbe,
} from '@chargeflow/adapters';
import { createChargeflowWorker } from '@chargeflow/worker';

const config = serviceEndpoints();
const taskQueue = `health-${process.pid}-${Date.now()}`;
let worker: Worker;
let workerConnection: NativeConnection;
let running: Promise<void>;
let connection: Connection;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  ({ worker, connection: workerConnection } = await createChargeflowWorker({
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
  }));
  running = worker.run();
  connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await workerConnection?.close();
  await connection?.close();
});

describe('API /health over the real services (foundation)', () => {
  it('reports MariaDB, Temporal, the worker round trip, Kafka and MongoDB up', async () => {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    const probes = [
      mysqlProbe(config.DATABASE_URL),
      temporalProbe(config.TEMPORAL_ADDRESS),
      workerProbe(client, taskQueue),
      kafkaProbe(config.KAFKA_BROKERS),
      mongoProbe(config.MONGODB_URL),
    ];
    const response = await createHttpApp({ probes: () => probes }).request('/health');
    const body = (await response.json()) as {
      status: string;
      dependencies: Array<{ name: string; status: string; detail: string }>;
    };
    expect(body.dependencies.filter((d) => d.status !== 'up')).toEqual([]);
    expect(response.status).toBe(200);
    expect(body.dependencies.map((d) => d.name)).toEqual([
      'mariadb',
      'temporal',
      'worker',
      'kafka',
      'mongodb',
    ]);
    expect(body.dependencies.find((d) => d.name === 'worker')?.detail).toContain('chargeflow-worker@');
  });
});

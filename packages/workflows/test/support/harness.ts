// Time-skipping Temporal + a worker running the real workflow bundle with in-memory ports.
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { serviceEndpoints } from '../../../adapters/src/config/endpoints.js';
import { createChargingActivities } from '../../src/charging/activities.js';
import { payloadConverterPath } from '../../src/index.js';
import type { InMemoryChargingPorts } from './in-memory-ports.js';
import { sharedWorkflowBundle } from './shared-bundle.js';

Runtime.install({ logger: new DefaultLogger('WARN') });

/** The time-skipping test server (installed by scripts/services), with chargeflow's payload converter. */
export function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  const path = serviceEndpoints().TEMPORAL_TEST_SERVER_PATH;
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
    client: { dataConverter: { payloadConverterPath } },
  });
}

/** The workers' workflow code (the real `workflows.ts` entry), bundled once per test run (shared-bundle.ts). */
export function bundleWorkflows(): Promise<{ code: string }> {
  return sharedWorkflowBundle();
}

/** A worker on a unique task queue running the bundle with activities over the in-memory ports. */
export async function createTestWorker(
  env: Pick<TestWorkflowEnvironment, 'nativeConnection' | 'namespace'>,
  bundle: { code: string },
  ports: InMemoryChargingPorts,
  taskQueue = `charging-${randomUUID()}`,
  options: Pick<WorkerOptions, 'stickyQueueScheduleToStartTimeout' | 'maxCachedWorkflows'> & {
    /** Further activities beside the charging ones (e.g. the contract workflow's, refundWorkflow's). */
    readonly activities?: object;
  } = {},
): Promise<{ worker: Worker; taskQueue: string }> {
  const { activities, ...workerOptions } = options;
  const worker = await Worker.create({
    ...workerOptions,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: bundle,
    dataConverter: { payloadConverterPath },
    activities: { ...createChargingActivities(ports.ports), ...activities },
  });
  return { worker, taskQueue };
}

/** The shared dev server at TEMPORAL_ADDRESS (`scripts/services/services.sh up temporal`), with the converter. */
export async function connectDevServer(): Promise<{
  client: Client;
  nativeConnection: NativeConnection;
  namespace: string;
  close: () => Promise<void>;
}> {
  const { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } = serviceEndpoints();
  const connection = await Connection.connect({ address: TEMPORAL_ADDRESS, connectTimeout: 5_000 });
  const nativeConnection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const client = new Client({
    connection,
    namespace: TEMPORAL_NAMESPACE,
    dataConverter: { payloadConverterPath },
  });
  const close = async () => {
    await nativeConnection.close();
    await connection.close();
  };
  return { client, nativeConnection, namespace: TEMPORAL_NAMESPACE, close };
}

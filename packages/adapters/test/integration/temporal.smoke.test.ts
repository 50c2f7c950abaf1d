// Smoke test of the Temporal dev server started by `scripts/services/services.sh up temporal`:
// a real worker bundles a TypeScript workflow, the client starts it, an activity answers.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import * as activities from './fixtures/smoke-activities.js';
import { smokeGreeting } from './fixtures/smoke-workflows.js';

// Worker lifecycle chatter at INFO drowns the test output; keep warnings and errors.
Runtime.install({ logger: new DefaultLogger('WARN') });

const config = serviceEndpoints();
const workflowsPath = fileURLToPath(new URL('./fixtures/smoke-workflows.ts', import.meta.url));

describe(`Temporal dev server at ${config.TEMPORAL_ADDRESS}`, () => {
  let connection: Connection | undefined;
  let workerConnection: NativeConnection | undefined;

  beforeAll(async () => {
    // Fails here, naming the address, when the server is down (no silent pass, no long hang).
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: 5_000 }).catch(
      (error: unknown) => {
        throw new Error(`no Temporal at TEMPORAL_ADDRESS=${config.TEMPORAL_ADDRESS}: ${String(error)}`, {
          cause: error,
        });
      },
    );
    workerConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  });

  afterAll(async () => {
    await workerConnection?.close();
    await connection?.close();
  });

  it('answers getSystemInfo', async () => {
    const info = await connection!.workflowService.getSystemInfo({});
    expect(info.capabilities).toBeTruthy();
  });

  it('runs a workflow that calls an activity on a worker', async () => {
    const taskQueue = `smoke-${randomUUID()}`;
    const worker = await Worker.create({
      connection: workerConnection!,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue,
      workflowsPath,
      activities,
    });
    const client = new Client({ connection: connection!, namespace: config.TEMPORAL_NAMESPACE });
    const workflowId = `smoke-greeting-${randomUUID()}`;

    // runUntil shuts the worker down once the workflow's result is in.
    const result = await worker.runUntil(
      client.workflow.execute(smokeGreeting, {
        taskQueue,
        workflowId,
        args: ['chargeflow'],
        workflowExecutionTimeout: '30 seconds',
      }),
    );

    expect(result).toBe(`hello, chargeflow, from activity pid ${process.pid}`);
    expect(worker.getState()).toBe('STOPPED');
    const description = await client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('COMPLETED');
  });
});

describe(`Temporal CLI at ${config.TEMPORAL_CLI_PATH} as an ephemeral dev server (createLocal)`, () => {
  it('starts, runs a workflow and tears down', async () => {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: config.TEMPORAL_CLI_PATH },
        ip: '127.0.0.1',
        log: { format: 'pretty', level: 'error' },
      },
    });
    try {
      const taskQueue = `smoke-local-${randomUUID()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        workflowsPath,
        activities,
      });
      const result = await worker.runUntil(
        env.client.workflow.execute(smokeGreeting, {
          taskQueue,
          workflowId: `smoke-local-${randomUUID()}`,
          args: ['local'],
        }),
      );
      expect(result).toBe(`hello, local, from activity pid ${process.pid}`);
    } finally {
      await env.teardown();
    }
  });
});

// Smoke test of the time-skipping test server installed by `scripts/services/services.sh install temporal`
// ($CF_BIN/temporal-test-server), spawned by @temporalio/testing: a 2-hour durable sleep completes in seconds.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import * as activities from './fixtures/smoke-activities.js';
import { childProcessesMatching } from './fixtures/processes.js';
import { smokeSleep } from './fixtures/smoke-workflows.js';

// Worker lifecycle chatter at INFO drowns the test output; keep warnings and errors.
Runtime.install({ logger: new DefaultLogger('WARN') });

const config = serviceEndpoints();
const workflowsPath = fileURLToPath(new URL('./fixtures/smoke-workflows.ts', import.meta.url));
const TWO_HOURS_MS = 2 * 60 * 60 * 1000;
const serverProcesses = (): number[] => childProcessesMatching('temporal-test-server');

describe(`Temporal time-skipping test server at ${config.TEMPORAL_TEST_SERVER_PATH}`, () => {
  let env: TestWorkflowEnvironment | undefined;

  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a workflow that sleeps 2 hours in well under a minute, then tears down', async () => {
    expect(
      existsSync(config.TEMPORAL_TEST_SERVER_PATH),
      'run scripts/services/services.sh install temporal',
    ).toBe(true);
    const started = performance.now();
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: config.TEMPORAL_TEST_SERVER_PATH } },
    });
    expect(env.supportsTimeSkipping).toBe(true);
    expect(serverProcesses()).toHaveLength(1);

    const taskQueue = `smoke-timeskipping-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath,
      activities,
    });
    const { before, after } = await worker.runUntil(
      env.client.workflow.execute(smokeSleep, {
        taskQueue,
        workflowId: `smoke-sleep-${randomUUID()}`,
        args: [TWO_HOURS_MS],
      }),
    );
    const elapsedMs = performance.now() - started;

    expect(after - before).toBeGreaterThanOrEqual(TWO_HOURS_MS);
    expect(elapsedMs).toBeLessThan(60_000);

    await env.teardown();
    env = undefined;
    expect(serverProcesses()).toEqual([]);
  });
});

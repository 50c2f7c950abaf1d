import type { Client } from '@temporalio/client';
import { TASK_QUEUE } from '@chargeflow/workflows';
import type { Probe } from '../health/probe.js';

/** Health probe of the worker: a ping workflow must round-trip through it (proves it polls and runs). */
export const workerProbe = (client: Client, taskQueue: string = TASK_QUEUE): Probe => ({
  name: 'worker',
  endpoint: `task queue ${taskQueue}`,
  async check() {
    const nonce = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const result = await client.workflow.execute('pingWorkflow', {
      taskQueue,
      workflowId: `health-ping-${nonce}`,
      args: [nonce],
      workflowExecutionTimeout: '5 seconds',
    });
    const { worker } = result as { worker: string };
    return `answered by ${worker}`;
  },
});

import { proxyActivities } from '@temporalio/workflow';
import type { SystemActivities } from './activities.js';

const { describeWorker } = proxyActivities<SystemActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 1 },
});

/** Round trip through a worker: the workflow runs, calls an activity, returns what it said. Used by /health. */
export async function pingWorkflow(nonce: string): Promise<{ nonce: string; worker: string }> {
  return { nonce, worker: await describeWorker() };
}

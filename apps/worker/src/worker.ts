import { hostname } from 'node:os';
import { NativeConnection, Worker } from '@temporalio/worker';
import { TASK_QUEUE, createSystemActivities, workflowsPath } from '@chargeflow/workflows';

export interface WorkerOptions {
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue?: string;
}

/** Builds the chargeflow Temporal worker (workflows bundled from @chargeflow/workflows). */
export async function createChargeflowWorker(
  options: WorkerOptions,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.address });
  const identity = `chargeflow-worker@${hostname()}:${process.pid}`;
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    identity,
    workflowsPath,
    activities: { ...createSystemActivities(identity) },
  });
  return { worker, connection };
}

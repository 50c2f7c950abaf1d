import { hostname } from 'node:os';
import { NativeConnection, Worker } from '@temporalio/worker';
import {
  TASK_QUEUE,
  createSystemActivities,
  payloadConverterPath,
  workflowBundlerOptions,
  workflowsPath,
} from '@chargeflow/workflows';
import { DEFAULT_WORKER_TUNING, type WorkerTuning } from './tuning.js';

export interface WorkerOptions {
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue?: string;
  /**
   * Further activities to register beside the system ones, e.g. `createChargingActivities(ports)`
   * built by the composition root. Without them the charging workflow's activities fail (and retry).
   */
  readonly activities?: Readonly<Record<string, (...args: never[]) => Promise<unknown>>>;
  /** Cache size, task slots, sticky timeout; default `DEFAULT_WORKER_TUNING`. */
  readonly tuning?: WorkerTuning;
}

/** Builds the chargeflow Temporal worker (workflows bundled from @chargeflow/workflows, bigint-aware payloads). */
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
    ...(options.tuning ?? DEFAULT_WORKER_TUNING),
    workflowsPath,
    bundlerOptions: workflowBundlerOptions,
    dataConverter: { payloadConverterPath },
    activities: { ...createSystemActivities(identity), ...options.activities },
  });
  return { worker, connection };
}

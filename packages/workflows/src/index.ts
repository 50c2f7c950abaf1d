import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

export * from './system/activities.js';
export type { pingWorkflow } from './system/ping.workflow.js';

/** The task queue chargeflow's workflows and activities run on. */
export const TASK_QUEUE = 'chargeflow';

/** Path of the workflow bundle entry, for `Worker.create({ workflowsPath })` (source or built). */
export const workflowsPath = fileURLToPath(
  new URL(`./workflows${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

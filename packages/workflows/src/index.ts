import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

export * from './system/activities.js';
export type { pingWorkflow } from './system/ping.workflow.js';
export * from './charging/index.js';
export * from './ebike/index.js';
export * from './contracts/index.js';
export * from './refunds/index.js';
export * from './invoices/index.js';
export * from './splits/index.js';
export * from './reservations/index.js';
export {
  BigintJsonPayloadConverter,
  parseWithBigint,
  payloadConverter,
  stringifyWithBigint,
} from './payload/converter.cjs';

/** The task queue chargeflow's workflows and activities run on. */
export const TASK_QUEUE = 'chargeflow';

/** Path of the workflow bundle entry, for `Worker.create({ workflowsPath })` (source or built). */
export const workflowsPath = fileURLToPath(
  new URL(`./workflows${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/**
 * Path of chargeflow's payload converter (bigint as `{"$bigint":"123"}`), for
 * `dataConverter: { payloadConverterPath }` of the worker AND of every client (source or built).
 * A client may instead pass `dataConverter: { payloadConverter, failureConverter, payloadCodecs: [] }`.
 */
export const payloadConverterPath = fileURLToPath(
  // CommonJS, kept in src/ (tsc does not copy .cjs): the same file from src/index.ts and dist/index.js.
  new URL('../src/payload/converter.cjs', import.meta.url),
);

/** Path of the modules every workflow shares (./shared-modules.ts), preloaded by the bundle. */
export const sharedModulesPath = fileURLToPath(
  new URL(`./shared-modules${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/**
 * Worker bundler options: resolve workspace packages (@chargeflow/core) to their TypeScript sources
 * (the `source` export condition), like tsc and vitest do, so the bundle never uses a stale dist;
 * and load the domain core (with luxon and zod) and the workflow modules ONCE in the worker's
 * reused V8 context, shared by every workflow, instead of once per cached workflow (issue 16: the
 * module graph was most of a cached session's memory; see ./shared-modules.ts, decision 0017).
 */
export const workflowBundlerOptions = {
  preloadModules: [sharedModulesPath],
  webpackConfigHook: <C extends { resolve?: object }>(config: C): C => ({
    ...config,
    resolve: { ...config.resolve, conditionNames: ['source', '...'] },
  }),
};

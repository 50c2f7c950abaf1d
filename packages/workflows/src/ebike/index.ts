// Public (non-workflow) surface of the e-bike session: input, messages, start options.
export * from './input.js';
export * from './messages.js';
export * from './start.js';
export type { ebikeSessionWorkflow } from './workflow.js';

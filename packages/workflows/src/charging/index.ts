// Public (non-workflow) surface of the charging session: types, ids, messages, activities.
export * from './activities.js';
export * from './input.js';
export * from './messages.js';
export * from './start.js';
export type { chargingSessionWorkflow } from './workflows.js';

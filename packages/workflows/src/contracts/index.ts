// Public (non-workflow) surface of the contract workflow (TEN-4): types, ids, messages, activities.
export * from './activities.js';
export * from './input.js';
export * from './messages.js';
export type { contractWorkflow } from './workflow.js';

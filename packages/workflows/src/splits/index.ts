export * from './activities.js';
export * from './messages.js';
export type { splitWorkflow } from './split-workflow.js';

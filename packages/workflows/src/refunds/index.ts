export * from './activities.js';
export * from './messages.js';
export type { refundWorkflow } from './refund-workflow.js';

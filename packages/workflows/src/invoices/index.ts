export * from './activities.js';
export * from './messages.js';
export type { invoiceWorkflow } from './invoice-workflow.js';

export * from './payment.js';
export * from './refund-limit.js';
export * from './refund.js';
export * from './split-allocation.js';
export * from './split.js';
export * from './station-payment.js';

export * from './scheme.js';
export * from './ebike-retail.js';
export * from './allocation.js';
export * from './order-no.js';

export * from './charging-service.js';
export * from './idempotency.js';
export * from './order-numbers.js';
export * from './start-order.js';
export * from './ebike-start.js';

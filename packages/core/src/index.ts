/**
 * @chargeflow/core: the pure domain of chargeflow. No I/O, no clock, no randomness:
 * time and ids are passed in, so every rule is a plain function.
 */
export * from './shared/errors.js';
export * from './shared/result.js';
export * from './money/fen.js';
export * from './billing/bill.js';
export * from './money/index.js';
export * from './tariff/index.js';
export * from './devices/index.js';
export * from './numbering/index.js';
export * from './access/index.js';
export * from './tenants/index.js';
export * from './assets/index.js';
export * from './rental/index.js';
export * from './lifecycle/index.js';
export * from './orders/index.js';
export * from './payments/index.js';
export * from './invoices/index.js';
export * from './cards/index.js';
export * from './reservations/index.js';

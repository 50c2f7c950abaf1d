/**
 * @chargeflow/core: the pure domain of chargeflow. No I/O, no clock, no randomness:
 * time and ids are passed in, so every rule is a plain function.
 */
export * from './shared/errors.js';
export * from './shared/result.js';
export * from './money/fen.js';
export * from './billing/bill.js';

// Public API of the tariff engine (SPEC §3, TAR-1 … TAR-13).
export * from './schemas.js';
export * from './model.js';
export * from './tou-schedule.js';
export * from './parse-tariff.js';
export * from './prepay.js';
export * from './zone-clock.js';
export * from './effective.js';
export * from './energy-split.js';
export * from './bill-lines.js';
export * from './car-pricing.js';
export * from './occupancy.js';
export * from './ebike-pricing.js';
export * from './ykc-slots.js';
export * from './ebike-quote.js';

// The local stack's device path without a broker: in-process command bus, simulated charger fleet,
// event path (validation, telemetry, de-duplication, delivery) and an in-memory telemetry store.
export * from './cameras.js';
export * from './command-bus.js';
export * from './event-path.js';
export * from './fleet.js';
export * from './services.js';
export * from './session-clock.js';
export * from './telemetry.js';
export * from './late-command-bus.js';

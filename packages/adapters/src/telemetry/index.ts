export * from './documents.js';
export * from './mongo-telemetry-store.js';
export * from './open.js';

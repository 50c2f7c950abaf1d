export * from './config/endpoints.js';
export * from './health/index.js';
export * from './http/app.js';
export * from './persistence/orm.js';
export * from './temporal/worker-probe.js';
export * from './config/exit-on-error.js';
export * from './kafka/index.js';
export * from './simulator/index.js';

export * from './config.js';
export * from './process.js';
export * from './worker.js';
export * from './stop.js';
export * from './tuning.js';

export * from './server.js';
export * from './config.js';
export * from './build.js';

export * from './database.js';
export * from './api-services.js';
export * from './control-plane.js';

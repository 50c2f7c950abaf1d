export * from './registration.js';
export * from './profile.js';
export * from './contract.js';
export * from './datasource.js';
export * from './guards.js';
export * from './registration-status.js';
export * from './contract-rules.js';

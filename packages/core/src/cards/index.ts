export * from './types.js';
export * from './usability.js';
export * from './ledger.js';
export * from './issue.js';
export * from './collective.js';
export * from './status.js';
export * from './members.js';

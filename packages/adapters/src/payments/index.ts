export * from './port.js';
export * from './errors.js';
export * from './payment-ledger.js';
export * from './sandbox-channel.js';

export * from './card-ledger.js';
export * from './swipe.js';

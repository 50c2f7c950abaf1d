export * from './uscc.js';
export * from './tax.js';
export * from './lines.js';
export * from './invoice.js';

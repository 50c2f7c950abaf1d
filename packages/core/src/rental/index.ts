export * from './settings.js';
export * from './retail-order.js';
export * from './eligibility.js';
export * from './overdue.js';
export * from './stock.js';

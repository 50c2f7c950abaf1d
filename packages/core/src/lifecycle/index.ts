export * from './table.js';
export * from './catalog.js';

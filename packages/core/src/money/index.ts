// Money and quantity value types beside Fen (fen.ts is exported from the package entry on its own).
export * from './unit-price.js';
export * from './quantities.js';
export * from './precise.js';
export * from './rounding.js';
export * from './bounds.js';

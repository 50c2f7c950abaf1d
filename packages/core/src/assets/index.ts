export * from './gates.js';

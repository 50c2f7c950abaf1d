export * from './config/endpoints.js';

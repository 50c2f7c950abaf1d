export * from './provider.js';
export * from './sandbox-provider.js';
export * from './providers.js';
export * from './pdf.js';
export * from './records.js';
export * from './invoice-desk.js';
export * from './invoice-service.js';

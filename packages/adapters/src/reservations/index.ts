export * from './reservation-desk.js';
export * from './reservation-records.js';
export * from './reservation-service.js';

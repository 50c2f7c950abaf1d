export * from './reservation-desk.js';
export * from './reservation-records.js';
export * from './reservation-service.js';
export * from './camera-event-router.js';
export * from './parking-sink.js';

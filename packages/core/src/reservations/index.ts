export * from './plate.js';
export * from './reservation-table.js';
export * from './reservation.js';

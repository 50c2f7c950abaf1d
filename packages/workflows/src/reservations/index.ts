export * from './activities.js';
export * from './messages.js';
export { foldReservation, inTimeOrder } from './fold.js';
export type { reservationWorkflow } from './reservation-workflow.js';

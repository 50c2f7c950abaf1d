// The workflow bundle's entry: every workflow the chargeflow worker runs. Nothing here may do I/O.
export { pingWorkflow } from './system/ping.workflow.js';
export { chargingSessionWorkflow } from './charging/workflows.js';
export { contractWorkflow } from './contracts/workflow.js';
export { refundWorkflow } from './refunds/refund-workflow.js';
export { reservationWorkflow } from './reservations/reservation-workflow.js';

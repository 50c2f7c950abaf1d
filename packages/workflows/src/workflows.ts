// The workflow bundle's entry: every workflow the chargeflow worker runs. Nothing here may do I/O.
export { pingWorkflow } from './system/ping.workflow.js';
export { chargingSessionWorkflow } from './charging/workflows.js';
export { ebikeSessionWorkflow } from './ebike/workflow.js';
export { contractWorkflow } from './contracts/lazy-workflow.js';
export { refundWorkflow } from './refunds/refund-workflow.js';
export { invoiceWorkflow } from './invoices/invoice-workflow.js';
export { splitWorkflow } from './splits/split-workflow.js';
export { reservationWorkflow } from './reservations/reservation-workflow.js';

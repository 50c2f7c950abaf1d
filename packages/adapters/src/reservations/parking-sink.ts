// The device-event sink's hook for camera and lock events (RES-2): one at a time, in batch order.
import type { DeliveryFailure, TenantDeviceEvent } from '../kafka/ports.js';
import { deliverInOrder } from '../kafka/in-order.js';
import {
  isChargingEdge,
  isParkingEvent,
  type ChargingEdgeEvent,
  type ParkingDeviceEvent,
} from './camera-event-router.js';

/** Where PLATE_RECOGNISED / LOCK_STATE go (`CameraEventRouter`); without one they are dropped. */
export interface ParkingEventSink {
  handle(event: ParkingDeviceEvent, tenantId: string): Promise<unknown>;
  /** RES-3: START_ACCEPTED / STOPPED of a charger, told to the reservation in its space. */
  handleCharging?(event: ChargingEdgeEvent, tenantId: string): Promise<unknown>;
}

/** Delivers the batch's parking events; a tenant without a database is a permanent failure. */
export async function deliverParkingEvents(
  batch: readonly TenantDeviceEvent[],
  sink: ParkingEventSink | undefined,
): Promise<DeliveryFailure[]> {
  if (sink === undefined) return [];
  return deliverInOrder(batch, ({ event, tenantId }) => {
    if (isParkingEvent(event)) return sink.handle(event, tenantId);
    if (isChargingEdge(event)) return sink.handleCharging?.(event, tenantId);
    return undefined;
  });
}

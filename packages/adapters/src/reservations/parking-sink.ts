// The device-event sink's hook for camera and lock events (RES-2): one at a time, in batch order.
import type { DeliveryFailure, TenantDeviceEvent } from '../kafka/ports.js';
import { TenancyError } from '../tenancy/errors.js';
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
  const failures: DeliveryFailure[] = [];
  if (sink === undefined) return failures;
  for (const item of batch) {
    const { event } = item;
    if (!isParkingEvent(event) && !(isChargingEdge(event) && sink.handleCharging !== undefined)) continue;
    try {
      if (isParkingEvent(event)) await sink.handle(event, item.tenantId);
      else if (isChargingEdge(event)) await sink.handleCharging?.(event, item.tenantId);
    } catch (error) {
      failures.push({
        events: [item],
        error,
        permanent: error instanceof TenancyError && error.code === 'TENANT_NOT_FOUND',
      });
    }
  }
  return failures;
}

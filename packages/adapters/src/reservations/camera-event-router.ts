// Camera and lock events (§14 PLATE_RECOGNISED, LOCK_STATE) → the reservation owning the space.
// The camera is found by its serial in the tenant's database; a disabled camera recognises nothing
// (ASSET-6); an unknown space, or a space without an active reservation, is a no-op (logged); a
// reservation that already ended ignores late events (WorkflowNotFound is a no-op).
import type { DeviceEvent } from '@chargeflow/core';
import { WorkflowNotFoundError, type WorkflowClient } from '@temporalio/client';
import { reservationEventSignal, reservationLockSignal, reservationWorkflowId } from '@chargeflow/workflows';
import { silentLogger, type AdapterLogger } from '../kafka/ports.js';
import { ChargerEntity } from '../persistence/entities/assets.js';
import { CameraEntity, ParkingSpaceEntity, ReservationEntity } from '../persistence/entities/reservations.js';
import type { TenantDatabases } from '../tenancy/ports.js';

/** The parking events the router takes. */
export type ParkingDeviceEvent = Extract<DeviceEvent, { type: 'PLATE_RECOGNISED' | 'LOCK_STATE' }>;

/** Charging edges of a charger, told to the OCCUPYING reservation of its space (RES-3). */
export type ChargingEdgeEvent = Extract<DeviceEvent, { type: 'START_ACCEPTED' | 'STOPPED' }>;

/** True for START_ACCEPTED / STOPPED. */
export const isChargingEdge = (event: DeviceEvent): event is ChargingEdgeEvent =>
  event.type === 'START_ACCEPTED' || event.type === 'STOPPED';

/** True for the events `CameraEventRouter` handles. */
export const isParkingEvent = (event: DeviceEvent): event is ParkingDeviceEvent =>
  event.type === 'PLATE_RECOGNISED' || event.type === 'LOCK_STATE';

/** Routes PLATE_RECOGNISED / LOCK_STATE of a tenant's camera to the space's active reservation (RES-2). */
export class CameraEventRouter {
  constructor(
    private readonly deps: {
      readonly tenants: Pick<TenantDatabases, 'get'>;
      readonly workflows: Pick<WorkflowClient, 'getHandle'>;
      readonly logger?: AdapterLogger;
    },
  ) {}

  /** Returns what it did: the reservation signalled, or why it was a no-op. */
  async handle(event: ParkingDeviceEvent, tenantId: string): Promise<string> {
    const logger = this.deps.logger ?? silentLogger;
    const db = await this.deps.tenants.get(tenantId);
    const em = db.em.fork();
    const camera = await em.findOne(CameraEntity, { serialNo: event.serialNo });
    if (!camera) return this.skip(logger, event, 'UNKNOWN_CAMERA');
    if (!camera.enabled) return this.skip(logger, event, 'CAMERA_DISABLED');
    const spaceIds = [camera.leftSpaceId, camera.rightSpaceId].filter(
      (id): id is string => typeof id === 'string',
    );
    const space = await em.findOne(ParkingSpaceEntity, { id: { $in: spaceIds }, name: event.spaceNo });
    if (!space) return this.skip(logger, event, 'UNKNOWN_SPACE');
    const reservation = await em.findOne(ReservationEntity, {
      spaceId: space.id,
      status: { $in: ['RESERVED', 'OCCUPYING'] },
    });
    if (!reservation) return this.skip(logger, event, 'NO_ACTIVE_RESERVATION');
    const handle = this.deps.workflows.getHandle(reservationWorkflowId(tenantId, reservation.reservationNo));
    const at = Date.parse(event.occurredAt);
    try {
      if (event.type === 'LOCK_STATE') {
        await handle.signal(reservationLockSignal, { eventId: event.eventId, at, state: event.state });
      } else {
        await handle.signal(reservationEventSignal, {
          kind: event.direction === 'ENTER' ? 'PLATE_ENTERED' : 'PLATE_LEFT',
          eventId: event.eventId,
          at,
          plate: event.plate,
          spaceId: space.id,
        });
      }
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return this.skip(logger, event, 'RESERVATION_ENDED');
      throw error;
    }
    return `SIGNALLED ${reservation.reservationNo}`;
  }

  /**
   * RES-3: a session starting or stopping on a charger is charging time of the car in its space:
   * CHARGING_STARTED / CHARGING_ENDED (device time) to the OCCUPYING reservation of a space on it.
   */
  async handleCharging(event: ChargingEdgeEvent, tenantId: string): Promise<string> {
    const db = await this.deps.tenants.get(tenantId);
    const em = db.em.fork();
    const charger = await em.findOne(ChargerEntity, { serialNo: event.serialNo });
    if (!charger) return 'UNKNOWN_CHARGER';
    const reservations = await em.find(ReservationEntity, { chargerId: charger.id, status: 'OCCUPYING' });
    for (const reservation of reservations) {
      try {
        await this.deps.workflows
          .getHandle(reservationWorkflowId(tenantId, reservation.reservationNo))
          .signal(reservationEventSignal, {
            kind: event.type === 'START_ACCEPTED' ? 'CHARGING_STARTED' : 'CHARGING_ENDED',
            eventId: event.eventId,
            at: Date.parse(event.occurredAt),
          });
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
    return `SIGNALLED ${reservations.length}`;
  }

  private skip(logger: AdapterLogger, event: ParkingDeviceEvent, reason: string): string {
    logger.info({ eventId: event.eventId, serialNo: event.serialNo, reason }, 'parking event not routed');
    return reason;
  }
}

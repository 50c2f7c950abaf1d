// SNAPSHOT_TAKEN (SPEC §14) → a snapshot record: the camera is found by its serial in the tenant's
// database (its station's scope columns are copied onto the record), the image is decoded from base64
// (core's schema already bounded it and checked its type) and stored once per event.
import type { DeviceEvent } from '@chargeflow/core';
import {
  silentLogger,
  type AdapterLogger,
  type DeliveryFailure,
  type TenantDeviceEvent,
} from '../kafka/ports.js';
import { CameraEntity } from '../persistence/entities/reservations.js';
import { deliverInOrder } from '../kafka/in-order.js';
import type { TenantDatabases } from '../tenancy/ports.js';
import { snapshotIdOf, type SnapshotStore } from './snapshot-store.js';

/** The event a camera answers SNAPSHOT with. */
export type SnapshotTakenEvent = Extract<DeviceEvent, { type: 'SNAPSHOT_TAKEN' }>;

/** True for SNAPSHOT_TAKEN. */
export const isSnapshotTaken = (event: DeviceEvent): event is SnapshotTakenEvent =>
  event.type === 'SNAPSHOT_TAKEN';

/** What the device-event sink hands snapshots to. */
export interface SnapshotSink {
  handle(event: SnapshotTakenEvent, tenantId: string): Promise<unknown>;
}

/** Stores the images of a tenant's cameras (a serial no camera has is logged and dropped). */
export class SnapshotRecorder implements SnapshotSink {
  constructor(
    private readonly deps: {
      readonly tenants: Pick<TenantDatabases, 'get'>;
      readonly store: SnapshotStore;
      readonly logger?: AdapterLogger;
    },
  ) {}

  /** `STORED`, `DUPLICATE` (a replay), or `UNKNOWN_CAMERA`. */
  async handle(event: SnapshotTakenEvent, tenantId: string): Promise<string> {
    const db = await this.deps.tenants.get(tenantId);
    const camera = await db.em.fork().findOne(CameraEntity, { serialNo: event.serialNo });
    if (!camera) {
      (this.deps.logger ?? silentLogger).warn(
        { tenantId, serialNo: event.serialNo, eventId: event.eventId },
        'snapshot of a serial that is no camera of the tenant; dropped',
      );
      return 'UNKNOWN_CAMERA';
    }
    const bytes = Buffer.from(event.imageBase64, 'base64');
    return this.deps.store.save(
      {
        id: snapshotIdOf(tenantId, event.serialNo, event.eventId),
        tenantId,
        cameraId: camera.id,
        serialNo: event.serialNo,
        providerId: camera.providerId,
        propertyId: camera.propertyId,
        stationId: camera.stationId,
        spaceNo: event.spaceNo ?? null,
        commandId: event.commandId,
        eventId: event.eventId,
        contentType: event.contentType,
        sizeBytes: bytes.byteLength,
        takenAt: Date.parse(event.occurredAt),
      },
      bytes,
    );
  }
}

/** Delivers the batch's SNAPSHOT_TAKEN events in order; a tenant without a database is a permanent failure. */
export async function deliverSnapshots(
  batch: readonly TenantDeviceEvent[],
  sink: SnapshotSink | undefined,
): Promise<DeliveryFailure[]> {
  if (sink === undefined) return [];
  return deliverInOrder(batch, ({ event, tenantId }) =>
    isSnapshotTaken(event) ? sink.handle(event, tenantId) : undefined,
  );
}

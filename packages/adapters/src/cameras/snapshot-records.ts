// Snapshot records as the back office reads them: only images of cameras in the caller's scope
// (ORG-1; the camera is read through the tenant's scoped parking assets), newest first.
import { DomainError } from '@chargeflow/core';
import type { ParkingAssets } from '../persistence/repositories/parking-assets.js';
import type { SnapshotMeta, SnapshotStore } from './snapshot-store.js';

const notFound = (id: string) => new DomainError('SNAPSHOT_NOT_FOUND', `no snapshot ${id}`, { id });

/** A tenant's snapshot records for one caller. */
export class SnapshotRecords {
  constructor(
    private readonly deps: {
      readonly tenantId: string;
      readonly parking: Pick<ParkingAssets, 'getCamera'>;
      /** Absent when the process has no snapshot store: SNAPSHOT_STORE_UNAVAILABLE (503). */
      readonly store: SnapshotStore | undefined;
    },
  ) {}

  private store(): SnapshotStore {
    if (this.deps.store === undefined)
      throw new DomainError(
        'SNAPSHOT_STORE_UNAVAILABLE',
        'this process has no snapshot store (MONGODB_URL)',
        {},
      );
    return this.deps.store;
  }

  /** The images of a camera in scope (CAMERA_NOT_FOUND otherwise), newest first. */
  async list(cameraId: string, limit: number): Promise<SnapshotMeta[]> {
    await this.deps.parking.getCamera(cameraId);
    return this.store().list({ tenantId: this.deps.tenantId, cameraId, limit });
  }

  /** One image and its bytes; SNAPSHOT_NOT_FOUND when absent or its camera is outside the scope. */
  async image(id: string): Promise<{ readonly meta: SnapshotMeta; readonly bytes: Uint8Array }> {
    const found = await this.store().read(this.deps.tenantId, id);
    if (found === null) throw notFound(id);
    try {
      await this.deps.parking.getCamera(found.meta.cameraId);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CAMERA_NOT_FOUND') throw notFound(id);
      throw error;
    }
    return found;
  }
}

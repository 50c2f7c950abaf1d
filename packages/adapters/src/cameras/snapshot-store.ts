// Snapshot records (SPEC §14 snapshot, ASSET-6): the still images cameras send back for a SNAPSHOT
// command, with the metadata a back office lists them by. The port and its in-memory form (the local
// stack without MONGODB_URL, tests); `gridfs-snapshot-store.ts` keeps them in MongoDB GridFS.
import { createHash } from 'node:crypto';

/** What is known about one stored image (the bytes are read separately). */
export interface SnapshotMeta {
  /** Deterministic: `snapshotIdOf(tenantId, serialNo, eventId)`, so a replayed event is stored once. */
  readonly id: string;
  readonly tenantId: string;
  readonly cameraId: string;
  readonly serialNo: string;
  /** The camera's station and its scope columns (ORG-1), copied when the image arrived. */
  readonly providerId: string;
  readonly propertyId: string;
  readonly stationId: string;
  readonly spaceNo: string | null;
  /** The SNAPSHOT command this answers. */
  readonly commandId: string;
  /** The device event that carried it. */
  readonly eventId: string;
  readonly contentType: 'image/png' | 'image/jpeg';
  readonly sizeBytes: number;
  /** Device time of the image (epoch ms). */
  readonly takenAt: number;
}

/** A list query: one camera of one tenant, newest first. */
export interface SnapshotQuery {
  readonly tenantId: string;
  readonly cameraId: string;
  readonly limit: number;
}

/** Where snapshot images live: idempotent by id, read per tenant. */
export interface SnapshotStore {
  /** Stores an image; `DUPLICATE` when that id is already stored (nothing is written again). */
  save(meta: SnapshotMeta, bytes: Uint8Array): Promise<'STORED' | 'DUPLICATE'>;
  /** The camera's images, newest first (takenAt, then id). */
  list(query: SnapshotQuery): Promise<SnapshotMeta[]>;
  /** One image of the tenant with its bytes, or null. */
  read(
    tenantId: string,
    id: string,
  ): Promise<{ readonly meta: SnapshotMeta; readonly bytes: Uint8Array } | null>;
}

/** The id of the image a device event carried: 32 hex characters of sha256(tenant, serial, event id). */
export function snapshotIdOf(tenantId: string, serialNo: string, eventId: string): string {
  return createHash('sha256')
    .update(`${tenantId}\u0000${serialNo}\u0000${eventId}`)
    .digest('hex')
    .slice(0, 32);
}

/** Newest first, then by id (a stable order for equal device times). */
export const newestFirst = (a: SnapshotMeta, b: SnapshotMeta): number =>
  b.takenAt - a.takenAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Snapshots in memory, bounded (oldest dropped first): the local stack without MONGODB_URL. */
export class InMemorySnapshotStore implements SnapshotStore {
  private readonly images = new Map<string, { readonly meta: SnapshotMeta; readonly bytes: Uint8Array }>();

  constructor(private readonly capacity = 1_000) {}

  save(meta: SnapshotMeta, bytes: Uint8Array): Promise<'STORED' | 'DUPLICATE'> {
    if (this.images.has(meta.id)) return Promise.resolve('DUPLICATE');
    this.images.set(meta.id, { meta, bytes: Uint8Array.from(bytes) });
    if (this.images.size > this.capacity) {
      const oldest = this.images.keys().next();
      if (oldest.done !== true) this.images.delete(oldest.value);
    }
    return Promise.resolve('STORED');
  }

  list(query: SnapshotQuery): Promise<SnapshotMeta[]> {
    const metas = [...this.images.values()]
      .map((image) => image.meta)
      .filter((meta) => meta.tenantId === query.tenantId && meta.cameraId === query.cameraId)
      .sort(newestFirst);
    return Promise.resolve(metas.slice(0, query.limit));
  }

  read(tenantId: string, id: string) {
    const image = this.images.get(id);
    return Promise.resolve(image === undefined || image.meta.tenantId !== tenantId ? null : image);
  }
}

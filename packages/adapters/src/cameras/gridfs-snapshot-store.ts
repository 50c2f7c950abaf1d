// Snapshot images in MongoDB GridFS (FerretDB 1.24 serves it too: gridfs-snapshot-store.test.ts).
// One bucket for every tenant, each file tagged with its tenant, camera and station scope; the file's
// `_id` is the snapshot id, so a replayed event finds its image already there.
import { GridFSBucket, MongoClient, MongoServerError, type Db, type GridFSFile } from 'mongodb';
import { newestFirst, type SnapshotMeta, type SnapshotQuery, type SnapshotStore } from './snapshot-store.js';

/** The GridFS bucket name: collections `snapshots.files` and `snapshots.chunks`. */
export const SNAPSHOT_BUCKET = 'snapshots';
const DUPLICATE_KEY = 11000;
/** 255 KiB, GridFS's default chunk: a 512 KiB image is three chunks. */
const CHUNK_BYTES = 255 * 1024;

/** What a file's `metadata` holds: the snapshot's metadata with the device time as a date. */
type FileMetadata = Omit<SnapshotMeta, 'takenAt'> & { readonly takenAt: Date };

const toMeta = (file: GridFSFile): SnapshotMeta => {
  const m = file.metadata as FileMetadata;
  return {
    id: String(file._id),
    tenantId: m.tenantId,
    cameraId: m.cameraId,
    serialNo: m.serialNo,
    providerId: m.providerId,
    propertyId: m.propertyId,
    stationId: m.stationId,
    spaceNo: m.spaceNo ?? null,
    commandId: m.commandId,
    eventId: m.eventId,
    contentType: m.contentType,
    sizeBytes: m.sizeBytes,
    takenAt: new Date(m.takenAt).getTime(),
  };
};

/** `SnapshotStore` over a GridFS bucket of the telemetry database. */
export class GridFsSnapshotStore implements SnapshotStore {
  private readonly bucket: GridFSBucket;

  constructor(private readonly db: Db) {
    this.bucket = new GridFSBucket(db, { bucketName: SNAPSHOT_BUCKET, chunkSizeBytes: CHUNK_BYTES });
  }

  /** The list index (tenant, camera, newest first); idempotent. */
  async ensureIndexes(): Promise<void> {
    const files = this.db.collection(`${SNAPSHOT_BUCKET}.files`);
    const name = 'tenant_camera_taken';
    const existing = await files.indexes().catch((error: unknown) => {
      if (error instanceof MongoServerError && error.code === 26) return []; // namespace not found yet
      throw error;
    });
    if (!existing.some((index) => index.name === name)) {
      await files.createIndex(
        { 'metadata.tenantId': 1, 'metadata.cameraId': 1, 'metadata.takenAt': -1 },
        { name },
      );
    }
  }

  async save(meta: SnapshotMeta, bytes: Uint8Array): Promise<'STORED' | 'DUPLICATE'> {
    if ((await this.bucket.find({ _id: meta.id as never }, { limit: 1 }).toArray()).length > 0)
      return 'DUPLICATE';
    const metadata: FileMetadata = { ...meta, takenAt: new Date(meta.takenAt) };
    try {
      await new Promise<void>((resolve, reject) => {
        const upload = this.bucket.openUploadStreamWithId(meta.id as never, `${meta.cameraId}/${meta.id}`, {
          metadata,
        });
        upload.once('error', reject).once('finish', () => resolve());
        upload.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      });
      return 'STORED';
    } catch (error) {
      // A concurrent writer of the same event got there first (unique chunk or file key).
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return 'DUPLICATE';
      throw error;
    }
  }

  async list(query: SnapshotQuery): Promise<SnapshotMeta[]> {
    const files = await this.bucket
      .find({ 'metadata.tenantId': query.tenantId, 'metadata.cameraId': query.cameraId })
      .sort({ 'metadata.takenAt': -1, _id: 1 })
      .limit(query.limit)
      .toArray();
    return files.map(toMeta).sort(newestFirst);
  }

  async read(tenantId: string, id: string) {
    const [file] = await this.bucket
      .find({ _id: id as never, 'metadata.tenantId': tenantId }, { limit: 1 })
      .toArray();
    if (file === undefined) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(file._id)) chunks.push(chunk as Buffer);
    return { meta: toMeta(file), bytes: new Uint8Array(Buffer.concat(chunks)) };
  }
}

/** Connects to MONGODB_URL's database and ensures the snapshot index; `close` ends the connection. */
export async function openGridFsSnapshots(
  url: string,
): Promise<{ readonly store: GridFsSnapshotStore; close(): Promise<void> }> {
  const mongo = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
  try {
    const store = new GridFsSnapshotStore(mongo.db());
    await store.ensureIndexes();
    return { store, close: () => mongo.close() };
  } catch (error) {
    await mongo.close();
    throw error;
  }
}

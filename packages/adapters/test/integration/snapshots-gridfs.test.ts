// Snapshot records in GridFS on the real MongoDB-protocol server at MONGODB_URL (FerretDB 1.24
// locally: GridFS works on it, decision 0014): a throw-away database per run, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { MAX_SNAPSHOT_BYTES } from '@chargeflow/core';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GridFsSnapshotStore } from '../../src/cameras/gridfs-snapshot-store.js';
import { snapshotIdOf, type SnapshotMeta } from '../../src/cameras/snapshot-store.js';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import { SIMULATED_SNAPSHOT_PNG } from '../../src/simulator/snapshot-image.js';

const T0 = Date.parse('2026-12-02T02:00:00Z');
const meta = (eventId: string, over: Partial<SnapshotMeta> = {}): SnapshotMeta => ({
  id: snapshotIdOf(over.tenantId ?? 't1', 'CAM-1', eventId),
  tenantId: 't1',
  cameraId: 'cam-1',
  serialNo: 'CAM-1',
  providerId: 'pv-1',
  propertyId: 'pp-1',
  stationId: 'st-1',
  spaceNo: 'A-1',
  commandId: `cmd-${eventId}`,
  eventId,
  contentType: 'image/png',
  sizeBytes: SIMULATED_SNAPSHOT_PNG.byteLength,
  takenAt: T0,
  ...over,
});

describe('snapshots: GridFsSnapshotStore on MONGODB_URL (SPEC §14 snapshot)', () => {
  let client: MongoClient;
  let db: Db;
  let store: GridFsSnapshotStore;

  beforeAll(async () => {
    client = new MongoClient(serviceEndpoints().MONGODB_URL, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    db = client.db(`cf_snap_${Date.now()}_${randomBytes(3).toString('hex')}`);
    store = new GridFsSnapshotStore(db);
    await store.ensureIndexes();
    await store.ensureIndexes(); // idempotent
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('§14 an image is stored once per event (a replay is DUPLICATE) and read back with the same bytes and metadata', async () => {
    const first = meta('ev-1');
    expect(await store.save(first, SIMULATED_SNAPSHOT_PNG)).toBe('STORED');
    expect(await store.save(first, SIMULATED_SNAPSHOT_PNG)).toBe('DUPLICATE');
    const read = await store.read('t1', first.id);
    expect(read?.meta).toEqual(first);
    expect(Buffer.from(read!.bytes).equals(Buffer.from(SIMULATED_SNAPSHOT_PNG))).toBe(true);
    expect(await db.collection('snapshots.files').countDocuments({ _id: first.id as never })).toBe(1);
  });

  it('§14 ORG-1 a camera’s images list newest first, only its tenant’s; another tenant cannot read them', async () => {
    await store.save(meta('ev-2', { takenAt: T0 + 60_000 }), SIMULATED_SNAPSHOT_PNG);
    await store.save(meta('ev-3', { takenAt: T0 - 60_000 }), SIMULATED_SNAPSHOT_PNG);
    await store.save(meta('ev-2', { tenantId: 't2' }), SIMULATED_SNAPSHOT_PNG);
    await store.save(meta('ev-4', { cameraId: 'cam-2' }), SIMULATED_SNAPSHOT_PNG);
    const listed = await store.list({ tenantId: 't1', cameraId: 'cam-1', limit: 10 });
    expect(listed.map((m) => m.eventId)).toEqual(['ev-2', 'ev-1', 'ev-3']);
    expect(await store.list({ tenantId: 't1', cameraId: 'cam-1', limit: 2 })).toHaveLength(2);
    expect(await store.read('t2', meta('ev-1').id)).toBeNull();
    expect(
      (await store.list({ tenantId: 't2', cameraId: 'cam-1', limit: 10 })).map((m) => m.tenantId),
    ).toEqual(['t2']);
  });

  it('§14 the largest image accepted (512 KiB = 524,288 bytes, three 255 KiB chunks) round-trips byte for byte', async () => {
    const big = new Uint8Array(MAX_SNAPSHOT_BYTES);
    for (let i = 0; i < big.length; i += 1) big[i] = (i * 31 + 7) % 256;
    const large = meta('ev-big', { sizeBytes: big.byteLength });
    expect(await store.save(large, big)).toBe('STORED');
    const read = await store.read('t1', large.id);
    expect(read?.bytes.byteLength).toBe(524_288);
    expect(Buffer.from(read!.bytes).equals(Buffer.from(big))).toBe(true);
    expect(await db.collection('snapshots.chunks').countDocuments({ files_id: large.id as never })).toBe(3);
  });
});

// Smoke test of the MongoDB wire protocol at MONGODB_URL (FerretDB from `scripts/services/services.sh up ferretdb`):
// the official driver inserts with deterministic _ids, indexes, queries and gets a duplicate-key error.
import { MongoClient, MongoServerError } from 'mongodb';
import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';

const config = serviceEndpoints();

interface MeterSample {
  _id: string; // `${serial}:${seq}`: a re-delivered sample overwrites nothing and is rejected
  serial: string;
  seq: number;
  at: Date;
  energyWh: number;
}

const T0 = Date.UTC(2026, 0, 1);
const sample = (serial: string, seq: number): MeterSample => ({
  _id: `${serial}:${seq}`,
  serial,
  seq,
  at: new Date(T0 + seq * 60_000),
  energyWh: seq * 150,
});

describe(`MongoDB protocol at ${config.MONGODB_URL}`, () => {
  let client: MongoClient | undefined;
  let db: Db;
  const dbName = `chargeflow_smoke_${process.pid}_${Date.now().toString(36)}`;

  beforeAll(async () => {
    client = new MongoClient(config.MONGODB_URL, {
      serverSelectionTimeoutMS: 5_000,
      connectTimeoutMS: 5_000,
    });
    // Fails here, naming the server selection timeout, when nothing answers at MONGODB_URL.
    await client.connect();
    db = client.db(dbName);
  });

  afterAll(async () => {
    if (client && db) {
      await db.dropDatabase();
      const { databases } = await client.db('admin').admin().listDatabases();
      expect(databases.map((d) => d.name)).not.toContain(dbName);
    }
    await client?.close();
  });

  it('inserts, indexes, finds by the index and rejects a duplicate _id', async () => {
    const samples = db.collection<MeterSample>('meter_samples');
    const docs = [
      ...[1, 2, 3, 4].map((seq) => sample('CP-001', seq)),
      ...[1, 2].map((seq) => sample('CP-002', seq)),
    ];
    const inserted = await samples.insertMany(docs);
    expect(inserted.insertedCount).toBe(6);

    const indexName = await samples.createIndex({ serial: 1, at: 1 }, { name: 'serial_at' });
    expect(indexName).toBe('serial_at');
    const indexes = await samples.listIndexes().toArray();
    expect(indexes.map((index) => index.name).sort()).toEqual(['_id_', 'serial_at']);

    const recent = await samples
      .find({ serial: 'CP-001', at: { $gte: new Date(T0 + 2 * 60_000) } })
      .hint('serial_at')
      .sort({ at: 1 })
      .toArray();
    expect(recent.map((doc) => doc._id)).toEqual(['CP-001:2', 'CP-001:3', 'CP-001:4']);
    expect(recent[0]).toEqual(sample('CP-001', 2));

    const duplicate = samples.insertOne({ ...sample('CP-001', 3), energyWh: 999 });
    await expect(duplicate).rejects.toBeInstanceOf(MongoServerError);
    await expect(duplicate).rejects.toMatchObject({ code: 11000 });
    expect(await samples.findOne({ _id: 'CP-001:3' })).toEqual(sample('CP-001', 3));
    expect(await samples.countDocuments()).toBe(6);
  });
});

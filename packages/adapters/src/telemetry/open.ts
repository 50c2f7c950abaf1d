import { MongoClient } from 'mongodb';
import { MongoTelemetryStore } from './mongo-telemetry-store.js';

/** Connects to MONGODB_URL's database and ensures the telemetry indexes; `close` ends the connection. */
export async function openMongoTelemetry(
  url: string,
): Promise<{ readonly store: MongoTelemetryStore; close(): Promise<void> }> {
  const mongo = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
  try {
    const store = new MongoTelemetryStore(mongo.db());
    await store.ensureIndexes();
    return { store, close: () => mongo.close() };
  } catch (error) {
    await mongo.close();
    throw error;
  }
}

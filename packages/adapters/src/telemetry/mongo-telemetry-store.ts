import type { DeviceEvent } from '@chargeflow/core';
import { MongoBulkWriteError, MongoServerError, type Collection, type Db } from 'mongodb';
import {
  TELEMETRY_COLLECTIONS,
  isTelemetryEvent,
  toTelemetryDocument,
  type MeterSampleRecord,
  type TelemetryDocument,
} from './documents.js';

/** Result of one bulk write: new documents, replays already stored, events that are not telemetry. */
export interface TelemetryWriteResult {
  readonly inserted: number;
  readonly duplicates: number;
  readonly skipped: number;
}

const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;

/**
 * Telemetry in MongoDB (or FerretDB): bulk, idempotent writes of meter samples, alarms, vehicle
 * telemetry and connectivity changes. Replays are absorbed by the deterministic `_id`.
 */
export class MongoTelemetryStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates the query indexes (serialNo + occurredAt; orderNo + occurredAt); idempotent. */
  async ensureIndexes(): Promise<void> {
    for (const name of new Set(Object.values(TELEMETRY_COLLECTIONS))) {
      const indexes: { key: Record<string, 1>; name: string }[] = [
        { key: { serialNo: 1, occurredAt: 1 }, name: 'serial_occurred' },
      ];
      if (name === TELEMETRY_COLLECTIONS.METER_SAMPLE || name === TELEMETRY_COLLECTIONS.ALARM) {
        indexes.push({ key: { orderNo: 1, occurredAt: 1 }, name: 'order_occurred' });
      }
      const collection = this.collection(name);
      const existing = await existingIndexNames(collection);
      // One createIndex per missing index: FerretDB 1.24 drops the connection (a server panic) when
      // createIndexes names several indexes that already exist.
      for (const index of indexes) {
        if (!existing.has(index.name)) await collection.createIndex(index.key, { name: index.name });
      }
    }
  }

  /** Writes the telemetry among `events` (unordered insert per collection); a replayed event is stored once. */
  async writeSamples(events: readonly DeviceEvent[]): Promise<TelemetryWriteResult> {
    const storedAt = this.now();
    const byCollection = new Map<string, Map<string, TelemetryDocument>>();
    let skipped = 0;
    let duplicates = 0;
    for (const event of events) {
      if (!isTelemetryEvent(event)) {
        skipped += 1;
        continue;
      }
      const name = TELEMETRY_COLLECTIONS[event.type];
      const docs = byCollection.get(name) ?? new Map<string, TelemetryDocument>();
      const doc = toTelemetryDocument(event, storedAt);
      if (docs.has(doc._id)) duplicates += 1;
      else docs.set(doc._id, doc);
      byCollection.set(name, docs);
    }
    let inserted = 0;
    for (const [name, docs] of byCollection) {
      const written = await this.insertIgnoringDuplicates(this.collection(name), [...docs.values()]);
      inserted += written;
      duplicates += docs.size - written;
    }
    return { inserted, duplicates, skipped };
  }

  /** The meter samples of an order, in device time order. */
  async samplesForOrder(orderNo: string): Promise<MeterSampleRecord[]> {
    const docs = await this.collection(TELEMETRY_COLLECTIONS.METER_SAMPLE)
      .find({ orderNo, type: 'METER_SAMPLE' })
      .sort({ occurredAt: 1, _id: 1 })
      .toArray();
    return docs.flatMap((doc) => (doc.type === 'METER_SAMPLE' ? [toMeterSample(doc)] : []));
  }

  private collection(name: string): Collection<TelemetryDocument> {
    return this.db.collection<TelemetryDocument>(name);
  }

  /** insertMany(ordered: false): every new document lands; duplicate-key errors (11000) are replays. */
  private async insertIgnoringDuplicates(
    collection: Collection<TelemetryDocument>,
    docs: TelemetryDocument[],
  ): Promise<number> {
    if (docs.length === 0) return 0;
    try {
      const result = await collection.insertMany(docs, { ordered: false });
      return result.insertedCount;
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      if (writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
      return error.result.insertedCount;
    }
  }
}

/** Names of a collection's indexes; none when the collection does not exist yet (NamespaceNotFound, 26). */
async function existingIndexNames(collection: Collection<TelemetryDocument>): Promise<Set<string>> {
  try {
    const indexes = await collection.listIndexes().toArray();
    return new Set(indexes.map((index) => String(index['name'])));
  } catch (error) {
    if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return new Set();
    throw error;
  }
}

const toMeterSample = (doc: Extract<TelemetryDocument, { type: 'METER_SAMPLE' }>): MeterSampleRecord => ({
  eventId: doc.eventId,
  serialNo: doc.serialNo,
  connectorNo: doc.connectorNo,
  orderNo: doc.orderNo,
  occurredAt: doc.occurredAt.toISOString(),
  meterWh: doc.meterWh,
  powerW: doc.powerW,
  ...(doc.currentA === undefined ? {} : { currentA: doc.currentA }),
  ...(doc.voltageV === undefined ? {} : { voltageV: doc.voltageV }),
  ...(doc.soc === undefined ? {} : { soc: doc.soc }),
});

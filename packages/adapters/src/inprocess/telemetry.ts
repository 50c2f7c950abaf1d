import type { DeviceEvent } from '@chargeflow/core';
import type { DeviceTelemetryWriter } from '../kafka/ports.js';
import {
  isTelemetryEvent,
  telemetryId,
  type MeterSampleRecord,
  type TelemetryEvent,
} from '../telemetry/documents.js';
import type { TelemetryWriteResult } from '../telemetry/mongo-telemetry-store.js';

/**
 * The local stack's telemetry store when MONGODB_URL is unset: the same events as
 * `MongoTelemetryStore` (meter samples, alarms, vehicle telemetry, connectivity; other events are
 * skipped), idempotent by the same id (`serialNo:eventId`), kept in memory, at most `capacity`
 * events (the oldest go first), lost when the process stops. Enough to look at a demo session;
 * set MONGODB_URL to keep telemetry.
 */
export class InMemoryTelemetryStore implements DeviceTelemetryWriter {
  private readonly events = new Map<string, TelemetryEvent>();

  constructor(readonly capacity = 100_000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  /** How many events are kept now. */
  get size(): number {
    return this.events.size;
  }

  /** The `DeviceTelemetryWriter` port: stores the telemetry among `events`. */
  async write(events: readonly DeviceEvent[]): Promise<void> {
    await this.writeSamples(events);
  }

  /** Stores the telemetry among `events`; a replayed event is stored once (same result shape as Mongo's). */
  writeSamples(events: readonly DeviceEvent[]): Promise<TelemetryWriteResult> {
    let inserted = 0;
    let duplicates = 0;
    let skipped = 0;
    for (const event of events) {
      if (!isTelemetryEvent(event)) {
        skipped += 1;
        continue;
      }
      const id = telemetryId(event);
      if (this.events.has(id)) {
        duplicates += 1;
        continue;
      }
      this.events.set(id, event);
      inserted += 1;
      if (this.events.size > this.capacity) this.events.delete(this.events.keys().next().value as string);
    }
    return Promise.resolve({ inserted, duplicates, skipped });
  }

  /** The meter samples of an order still kept, in device time order. */
  samplesForOrder(orderNo: string): Promise<MeterSampleRecord[]> {
    const samples: MeterSampleRecord[] = [];
    for (const event of this.events.values()) {
      if (event.type !== 'METER_SAMPLE' || event.orderNo !== orderNo) continue;
      samples.push({
        eventId: event.eventId,
        serialNo: event.serialNo,
        connectorNo: event.connectorNo,
        orderNo: event.orderNo,
        occurredAt: new Date(event.occurredAt).toISOString(),
        meterWh: event.meterWh,
        powerW: event.powerW,
        ...(event.currentA === undefined ? {} : { currentA: event.currentA }),
        ...(event.voltageV === undefined ? {} : { voltageV: event.voltageV }),
        ...(event.soc === undefined ? {} : { soc: event.soc }),
      });
    }
    samples.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    return Promise.resolve(samples);
  }
}

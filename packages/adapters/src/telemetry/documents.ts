import type { DeviceEvent } from '@chargeflow/core';

// How device events are kept in MongoDB (VEH-2, ASSET-8). Plain collections, deterministic `_id`s
// (`serialNo:eventId`), so a replayed event is stored once; FerretDB has no TTL or time-series.

/** Collections of telemetry, by event kind. */
export const TELEMETRY_COLLECTIONS = {
  METER_SAMPLE: 'meter_samples',
  ALARM: 'alarms',
  VEHICLE_TELEMETRY: 'vehicle_telemetry',
  ONLINE: 'device_connectivity',
  OFFLINE: 'device_connectivity',
} as const;

/** Device events that are telemetry (the rest drive workflows only). */
export type TelemetryEvent = Extract<DeviceEvent, { type: keyof typeof TELEMETRY_COLLECTIONS }>;

/** A stored telemetry document: the event as received, `occurredAt` as a BSON date. */
export type TelemetryDocument = TelemetryEvent extends infer E
  ? E extends TelemetryEvent
    ? Omit<E, 'occurredAt'> & {
        readonly _id: string;
        readonly occurredAt: Date;
        /** The device's timestamp as sent (with its offset). */
        readonly occurredAtText: string;
        /** When the platform first stored it (a replay keeps the first). */
        readonly storedAt: Date;
      }
    : never
  : never;

/** A meter sample as read back for an order. */
export interface MeterSampleRecord {
  readonly eventId: string;
  readonly serialNo: string;
  readonly connectorNo: number;
  readonly orderNo: string;
  /** ISO 8601 UTC. */
  readonly occurredAt: string;
  readonly meterWh: number;
  readonly powerW: number;
  readonly currentA?: number;
  readonly voltageV?: number;
  readonly soc?: number;
}

/** True for the event kinds kept as telemetry. */
export const isTelemetryEvent = (event: DeviceEvent): event is TelemetryEvent =>
  Object.hasOwn(TELEMETRY_COLLECTIONS, event.type);

/** The deterministic document id of an event: device serial + the device's event id. */
export const telemetryId = (event: Pick<DeviceEvent, 'serialNo' | 'eventId'>): string =>
  `${event.serialNo}:${event.eventId}`;

/** The document stored for a telemetry event. */
export function toTelemetryDocument(event: TelemetryEvent, storedAt: Date): TelemetryDocument {
  return {
    ...event,
    _id: telemetryId(event),
    occurredAt: new Date(event.occurredAt),
    occurredAtText: event.occurredAt,
    storedAt,
  } as TelemetryDocument;
}

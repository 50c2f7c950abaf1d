import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

// Decision 0019 (ORD-7, §14): every meter sample of a car session, recorded by the device-event
// ingestion before its Kafka offset is committed. The unique (order no., event id) key is the
// de-duplication; the session workflow reads the rows back before it settles.

/** 会话采样: one meter sample of a session, as the charger reported it (device time, cumulative Wh). */
export const SessionSampleEntity = defineEntity({
  name: 'SessionSample',
  tableName: 'session_sample',
  uniques: [{ name: 'session_sample_event_unique', properties: ['orderNo', 'eventId'] }],
  properties: {
    /** Insertion order; the workflow pages through an order's rows by it. */
    seq: p.bigint('number').primary().autoincrement(),
    orderNo: p.string().length(64),
    eventId: p.string().length(128),
    /** Device time of the reading, epoch ms. */
    occurredAt: p.bigint('number'),
    meterWh: p.bigint('number'),
    powerW: p.double(),
    soc: p.integer().nullable(),
    /** Platform time the ingestion recorded it, epoch ms: the session's sign of life (ORD-3). */
    recordedAt: p.bigint('number'),
  },
});
/** A recorded sample row. */
export type SessionSampleRow = InferEntity<typeof SessionSampleEntity>;

import { decodeDeviceEvent, type DeviceEvent } from '@chargeflow/core';
import type { IHeaders, Message } from 'kafkajs';

/** Headers a dead-lettered message carries (SPEC §14: "rejected … with the reason"). */
export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  detail: 'x-dlq-detail',
  sourceTopic: 'x-dlq-source-topic',
  sourcePartition: 'x-dlq-source-partition',
  sourceOffset: 'x-dlq-source-offset',
} as const;

/**
 * Why a message was dead-lettered: core's rejection codes, a key that is not the event's serial, a
 * valid event from a serial that no tenant registered (`UNKNOWN_DEVICE`, device registry), and a
 * valid event the sink refused permanently after bounded retries (`DEVICE_EVENT_UNDELIVERABLE`).
 */
export type DeadLetterReason =
  | 'DEVICE_EVENT_MALFORMED'
  | 'DEVICE_EVENT_UNKNOWN_TYPE'
  | 'DEVICE_EVENT_KEY_MISMATCH'
  | 'UNKNOWN_DEVICE'
  | 'DEVICE_EVENT_UNDELIVERABLE';

/** The reason and detail of an event whose serial no tenant registered. */
export const unknownDevice = (
  serialNo: string,
): { readonly reason: 'UNKNOWN_DEVICE'; readonly detail: string } => ({
  reason: 'UNKNOWN_DEVICE',
  detail: `serial "${serialNo}" is not registered to any tenant (device registry)`,
});

/** Where a consumed message came from. */
export interface SourceRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
}

/** The outcome of decoding one consumed message. */
export type Classified =
  | { readonly kind: 'event'; readonly event: DeviceEvent }
  | { readonly kind: 'dead-letter'; readonly reason: DeadLetterReason; readonly detail: string };

/**
 * Decodes and validates a consumed device-event message (never throws). The key must be the
 * event's serial when present: a mis-keyed event would land on another partition and lose its
 * per-device ordering.
 */
export function classifyDeviceMessage(record: SourceRecord): Classified {
  const decoded = decodeDeviceEvent(record.value?.toString('utf8') ?? '');
  if (!decoded.ok) return { kind: 'dead-letter', reason: decoded.error.code, detail: decoded.error.message };
  const key = record.key?.toString('utf8');
  if (key !== undefined && key !== decoded.value.serialNo) {
    return {
      kind: 'dead-letter',
      reason: 'DEVICE_EVENT_KEY_MISMATCH',
      detail: `message key "${key}" is not the event's serialNo "${decoded.value.serialNo}"`,
    };
  }
  return { kind: 'event', event: decoded.value };
}

/** Header values are bytes on the wire; keep the detail within a sane size. */
const MAX_DETAIL = 2000;

/** The DLQ message for a rejected record: original key, value and headers, plus the x-dlq-* headers. */
export function deadLetterMessage(record: SourceRecord, reason: DeadLetterReason, detail: string): Message {
  return {
    key: record.key,
    value: record.value,
    headers: {
      ...record.headers,
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.detail]: detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}…` : detail,
      [DLQ_HEADERS.sourceTopic]: record.topic,
      [DLQ_HEADERS.sourcePartition]: String(record.partition),
      [DLQ_HEADERS.sourceOffset]: record.offset,
    },
  };
}

import { describe, expect, it } from 'vitest';
import { classifyDeviceMessage, deadLetterMessage, DLQ_HEADERS, type SourceRecord } from './dead-letter.js';

const heartbeat = {
  eventId: 'e1',
  serialNo: 'SN1',
  occurredAt: '2026-11-23T10:00:00+08:00',
  type: 'HEARTBEAT',
};
/** A camera's SNAPSHOT_TAKEN (SPEC §14) with the first bytes of a PNG. */
const snapshot = {
  ...heartbeat,
  type: 'SNAPSHOT_TAKEN',
  commandId: 'c1',
  contentType: 'image/png',
  imageBase64: 'iVBORw0KGgoAAAAN',
};
const record = (value: string | null, key: string | null = 'SN1'): SourceRecord => ({
  topic: 't',
  partition: 2,
  offset: '41',
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: { 'x-origin': 'gateway-1' },
});

describe('classifyDeviceMessage (SPEC §14 dead-letter path)', () => {
  it('accepts a valid event keyed by its serial', () => {
    const classified = classifyDeviceMessage(record(JSON.stringify(heartbeat)));
    expect(classified).toEqual({ kind: 'event', event: heartbeat });
  });

  it('accepts a valid event without a key', () => {
    expect(classifyDeviceMessage(record(JSON.stringify(heartbeat), null)).kind).toBe('event');
  });

  it.each([
    ['not JSON', '{"type":', 'DEVICE_EVENT_MALFORMED'],
    ['an empty value', null, 'DEVICE_EVENT_MALFORMED'],
    ['a schema-invalid event', JSON.stringify({ ...heartbeat, eventId: '' }), 'DEVICE_EVENT_MALFORMED'],
    [
      'an unknown type',
      JSON.stringify({ ...heartbeat, type: 'FIRMWARE_PARTY' }),
      'DEVICE_EVENT_UNKNOWN_TYPE',
    ],
    [
      'a SNAPSHOT_TAKEN whose image is a JPEG labelled image/png',
      JSON.stringify({ ...snapshot, imageBase64: '/9j/4AAQSkZJRg==' }),
      'DEVICE_EVENT_MALFORMED',
    ],
    [
      'a SNAPSHOT_TAKEN over 512 KiB decoded',
      JSON.stringify({ ...snapshot, imageBase64: snapshot.imageBase64 + 'A'.repeat(699_056 - 16) }),
      'DEVICE_EVENT_MALFORMED',
    ],
    [
      'a COMMAND_ACK without its commandId',
      JSON.stringify({ ...heartbeat, type: 'COMMAND_ACK', command: 'RESTART', result: 'ACCEPTED' }),
      'DEVICE_EVENT_MALFORMED',
    ],
  ])('SPEC §14 dead-letters %s as %s', (_label, value, reason) => {
    const classified = classifyDeviceMessage(record(value));
    expect(classified).toMatchObject({ kind: 'dead-letter', reason });
  });

  it('dead-letters an event whose key is another serial (it would lose per-device order)', () => {
    const classified = classifyDeviceMessage(record(JSON.stringify(heartbeat), 'SN2'));
    expect(classified).toMatchObject({ kind: 'dead-letter', reason: 'DEVICE_EVENT_KEY_MISMATCH' });
  });
});

describe('deadLetterMessage', () => {
  it('keeps the original key, value and headers and adds the x-dlq-* headers', () => {
    const source = record('garbage');
    const message = deadLetterMessage(source, 'DEVICE_EVENT_MALFORMED', 'not JSON');
    expect(message.key).toEqual(source.key);
    expect(message.value).toEqual(source.value);
    expect(message.headers).toEqual({
      'x-origin': 'gateway-1',
      [DLQ_HEADERS.reason]: 'DEVICE_EVENT_MALFORMED',
      [DLQ_HEADERS.detail]: 'not JSON',
      [DLQ_HEADERS.sourceTopic]: 't',
      [DLQ_HEADERS.sourcePartition]: '2',
      [DLQ_HEADERS.sourceOffset]: '41',
    });
  });

  it('truncates a huge detail', () => {
    const message = deadLetterMessage(record('x'), 'DEVICE_EVENT_MALFORMED', 'y'.repeat(10_000));
    expect(String(message.headers?.[DLQ_HEADERS.detail]).length).toBeLessThanOrEqual(2001);
  });
});

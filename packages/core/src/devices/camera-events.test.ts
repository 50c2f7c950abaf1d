import { describe, expect, it } from 'vitest';
import { CAMERA_COMMAND_TYPES, DeviceCommandSchema } from './commands.js';
import { MAX_SNAPSHOT_BYTES } from './events.js';
import { parseDeviceEvent } from './parse.js';

const base = { eventId: 'e-1', serialNo: 'CAM1', occurredAt: '2026-12-02T10:00:00+08:00' };
/** The first 12 bytes of any PNG (signature + IHDR length), base64: "iVBORw0KGgoAAAAN". */
const PNG_HEAD = 'iVBORw0KGgoAAAAN';
const snapshot = (over: Record<string, unknown> = {}) => ({
  ...base,
  type: 'SNAPSHOT_TAKEN',
  commandId: 'cmd-1',
  spaceNo: 'A-1',
  contentType: 'image/png',
  imageBase64: PNG_HEAD,
  ...over,
});
const issuesOf = (event: unknown): string[] => {
  const result = parseDeviceEvent(event);
  if (result.ok) return [];
  expect(result.error.code).toBe('DEVICE_EVENT_MALFORMED');
  return result.error.details['issues'] as string[];
};

describe('camera events and commands (SPEC §14 restart, sync clock, open/close lock, snapshot)', () => {
  it('§14 a SNAPSHOT_TAKEN with a PNG or a JPEG in base64 is accepted', () => {
    expect(parseDeviceEvent(snapshot()).ok).toBe(true);
    expect(
      parseDeviceEvent(snapshot({ contentType: 'image/jpeg', imageBase64: '/9j/4AAQSkZJRg==' })).ok,
    ).toBe(true);
  });

  it.each([
    ['an image that is not base64', { imageBase64: 'iVBORw0KGgo!!!!' }],
    ['a base64 length that is not a multiple of 4', { imageBase64: `${PNG_HEAD}A` }],
    ['a JPEG labelled image/png', { imageBase64: '/9j/4AAQSkZJRg==' }],
    ['an unsupported content type', { contentType: 'image/gif', imageBase64: 'R0lGODlhAQABAA==' }],
    ['a missing commandId', { commandId: undefined }],
  ])('§14 a SNAPSHOT_TAKEN with %s is DEVICE_EVENT_MALFORMED', (_label, over) => {
    expect(issuesOf(snapshot(over)).length).toBeGreaterThan(0);
  });

  it('§14 a snapshot is at most 512 KiB decoded (699,052 base64 characters), well under Kafka’s 1 MiB', () => {
    expect(MAX_SNAPSHOT_BYTES).toBe(524_288);
    // ceil(524288 / 3) * 4 = 174763 * 4 = 699052 characters.
    const fits = PNG_HEAD + 'A'.repeat(699_052 - PNG_HEAD.length);
    expect(parseDeviceEvent(snapshot({ imageBase64: fits })).ok).toBe(true);
    const tooBig = PNG_HEAD + 'A'.repeat(699_056 - PNG_HEAD.length);
    expect(issuesOf(snapshot({ imageBase64: tooBig })).join(' ')).toContain('imageBase64');
  });

  it('§14 COMMAND_ACK names the command it answers and its result', () => {
    const ack = { ...base, type: 'COMMAND_ACK', commandId: 'cmd-2', command: 'RESTART', result: 'ACCEPTED' };
    expect(parseDeviceEvent(ack).ok).toBe(true);
    expect(issuesOf({ ...ack, command: 'START_CHARGING' }).length).toBeGreaterThan(0);
    expect(issuesOf({ ...ack, result: 'MAYBE' }).length).toBeGreaterThan(0);
  });

  it('§14 every camera command kind is a valid device command (lock commands name their space)', () => {
    const envelope = { commandId: 'c1', serialNo: 'CAM1', issuedAt: base.occurredAt };
    const bodies: Record<(typeof CAMERA_COMMAND_TYPES)[number], Record<string, unknown>> = {
      RESTART: {},
      SYNC_CLOCK: { time: base.occurredAt },
      SNAPSHOT: { spaceNo: 'A-1' },
      SYNC_LOCK_STATE: {},
      REFRESH_STATE: {},
      OPEN_LOCK: { spaceNo: 'A-1' },
      CLOSE_LOCK: { spaceNo: 'A-1' },
    };
    for (const type of CAMERA_COMMAND_TYPES) {
      expect(DeviceCommandSchema.safeParse({ ...envelope, type, ...bodies[type] }).success).toBe(true);
    }
    expect(DeviceCommandSchema.safeParse({ ...envelope, type: 'OPEN_LOCK' }).success).toBe(false);
  });
});

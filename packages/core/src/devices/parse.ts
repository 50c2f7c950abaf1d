import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { DEVICE_EVENT_TYPES, DeviceEventSchema, type DeviceEvent } from './events.js';

/** Why an incoming device message was refused; it goes to the dead-letter destination with this. */
export type DeviceEventRejection = DomainError<'DEVICE_EVENT_MALFORMED' | 'DEVICE_EVENT_UNKNOWN_TYPE'>;

const KNOWN = new Set<string>(DEVICE_EVENT_TYPES);

/** Validates a decoded device message against the SPEC §14 event set; never throws. */
export function parseDeviceEvent(raw: unknown): Result<DeviceEvent, DeviceEventRejection> {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && !KNOWN.has(type)) {
    return err(
      new DomainError('DEVICE_EVENT_UNKNOWN_TYPE', `unknown device event type "${type}"`, {
        type,
        known: DEVICE_EVENT_TYPES,
      }),
    );
  }
  const parsed = DeviceEventSchema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return err(
    new DomainError('DEVICE_EVENT_MALFORMED', `malformed device event: ${issues.join('; ')}`, { issues }),
  );
}

/** Decodes a raw wire payload (UTF-8 JSON) and validates it; never throws. */
export function decodeDeviceEvent(payload: string): Result<DeviceEvent, DeviceEventRejection> {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return err(
      new DomainError('DEVICE_EVENT_MALFORMED', 'malformed device event: not JSON', { issues: ['not JSON'] }),
    );
  }
  return parseDeviceEvent(raw);
}

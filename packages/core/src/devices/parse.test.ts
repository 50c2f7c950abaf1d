import { describe, expect, it } from 'vitest';
import { DeviceCommandSchema } from './commands.js';
import { DEVICE_EVENT_TYPES } from './events.js';
import { decodeDeviceEvent, parseDeviceEvent } from './parse.js';

const base = { eventId: 'e-1', serialNo: 'SN0001', occurredAt: '2026-11-23T10:00:00+08:00' };

describe('device events (SPEC §14)', () => {
  it('§14 the event set covers every kind the SPEC names', () => {
    expect(DEVICE_EVENT_TYPES).toEqual([
      'ONLINE',
      'OFFLINE',
      'HEARTBEAT',
      'CONNECTOR_STATUS',
      'START_ACCEPTED',
      'START_REJECTED',
      'METER_SAMPLE',
      'STOPPED',
      'CARD_SWIPED',
      'PLATE_RECOGNISED',
      'LOCK_STATE',
      'SNAPSHOT_TAKEN',
      'COMMAND_ACK',
      'ALARM',
      'VEHICLE_TELEMETRY',
    ]);
  });

  it.each([
    [{ ...base, type: 'HEARTBEAT' }],
    [{ ...base, type: 'METER_SAMPLE', connectorNo: 1, orderNo: 'CH1', meterWh: 1234, powerW: 7000, soc: 55 }],
    [{ ...base, type: 'STOPPED', connectorNo: 1, orderNo: 'CH1', meterWh: 5000, reason: 'USER' }],
    [
      {
        ...base,
        type: 'PLATE_RECOGNISED',
        spaceNo: 'P1',
        plate: '浙A12345D',
        plateColour: 'GREEN',
        direction: 'ENTER',
      },
    ],
  ])('§14 accepts a well-formed %o', (event) => {
    const result = parseDeviceEvent(event);
    expect(result.ok).toBe(true);
  });

  it.each([
    [
      'a fractional meter (energy is integer Wh)',
      { ...base, type: 'METER_SAMPLE', connectorNo: 1, orderNo: 'CH1', meterWh: 1.5, powerW: 1 },
    ],
    ['a missing event id', { serialNo: 'SN', occurredAt: base.occurredAt, type: 'HEARTBEAT' }],
    ['a timestamp without offset', { ...base, occurredAt: '2026-11-23 10:00', type: 'HEARTBEAT' }],
    [
      'a negative meter',
      { ...base, type: 'STOPPED', connectorNo: 1, orderNo: 'CH1', meterWh: -1, reason: 'USER' },
    ],
    ['no type at all', { ...base }],
  ])('§14 rejects %s as DEVICE_EVENT_MALFORMED naming the field', (_label, event) => {
    const result = parseDeviceEvent(event);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('DEVICE_EVENT_MALFORMED');
      expect((result.error.details['issues'] as string[]).length).toBeGreaterThan(0);
    }
  });

  it('§14 rejects an unknown type with DEVICE_EVENT_UNKNOWN_TYPE', () => {
    const result = parseDeviceEvent({ ...base, type: 'FIRMWARE_PARTY' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('DEVICE_EVENT_UNKNOWN_TYPE');
  });

  it('§14 rejects a payload that is not JSON, without throwing', () => {
    const result = decodeDeviceEvent('{"type": "HEARTBEAT"');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('DEVICE_EVENT_MALFORMED');
  });

  it('§14 commands: a start command limit is an exact CNY string, never a float', () => {
    const command = {
      commandId: 'c1',
      serialNo: 'SN1',
      issuedAt: base.occurredAt,
      type: 'START_CHARGING',
      connectorNo: 1,
      orderNo: 'CH1',
    };
    expect(DeviceCommandSchema.safeParse({ ...command, limitCny: '50.00' }).success).toBe(true);
    expect(DeviceCommandSchema.safeParse({ ...command, limitCny: 50 }).success).toBe(false);
    expect(DeviceCommandSchema.safeParse({ ...command, limitCny: '50.5' }).success).toBe(false);
  });
});

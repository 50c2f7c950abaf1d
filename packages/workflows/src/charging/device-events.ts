import type { CarOrderEvent, DeviceEvent, SessionReading } from '@chargeflow/core';

/** The order events a device event can mean (every kind but OPERATOR_END): shared by car and e-bike sessions. */
export type DeviceOrderEvent = Exclude<CarOrderEvent, { readonly kind: 'OPERATOR_END' }>;

/** Which device, connector and order a session listens to. */
export interface SessionDevice {
  readonly orderNo: string;
  readonly chargerSerial: string;
  readonly connectorNo: number;
}

/** Epoch ms of a device event's `occurredAt` (ISO 8601 with offset; validated by the schema). */
export function occurredAtMs(event: DeviceEvent): number {
  return Date.parse(event.occurredAt);
}

/** The meter reading a device event carries, if any (device time, cumulative Wh). */
export function readingOf(event: DeviceEvent): SessionReading | undefined {
  const at = occurredAtMs(event);
  switch (event.type) {
    case 'START_ACCEPTED':
      return event.meterWh === undefined ? undefined : { at, energyWh: event.meterWh };
    case 'METER_SAMPLE':
      return {
        at,
        energyWh: event.meterWh,
        powerW: event.powerW,
        ...(event.soc === undefined ? {} : { soc: event.soc }),
      };
    case 'STOPPED':
      return { at, energyWh: event.meterWh };
    default:
      return undefined;
  }
}

function concernsSession(event: DeviceEvent, device: SessionDevice): boolean {
  if (event.serialNo !== device.chargerSerial) return false;
  if ('orderNo' in event && event.orderNo !== device.orderNo) return false;
  if ('connectorNo' in event && event.connectorNo !== undefined && event.connectorNo !== device.connectorNo)
    return false;
  return true;
}

/**
 * Maps a validated device event (SPEC §14) to the car order event it means, or undefined when it is
 * not about this session or means nothing to the order. Any sign of life of the charger (online,
 * heartbeat, connector status) is a HEARTBEAT; OFFLINE is left to the heartbeat timeout. `at` is the
 * platform time (workflow time) the event is processed; the meter keeps the device's timestamp.
 */
export function toCarOrderEvent(
  event: DeviceEvent,
  device: SessionDevice,
  at: number,
): DeviceOrderEvent | undefined {
  if (!concernsSession(event, device)) return undefined;
  const base = { eventId: event.eventId, at };
  const meter = readingOf(event);
  switch (event.type) {
    case 'START_ACCEPTED':
      return { ...base, kind: 'START_ACCEPTED', ...(meter === undefined ? {} : { meter }) };
    case 'START_REJECTED':
      return { ...base, kind: 'START_REJECTED', reason: event.reason };
    case 'METER_SAMPLE':
      return meter === undefined ? undefined : { ...base, kind: 'METER_SAMPLE', meter };
    case 'STOPPED':
      return { ...base, kind: 'STOPPED', reason: event.reason, ...(meter === undefined ? {} : { meter }) };
    case 'HEARTBEAT':
    case 'ONLINE':
    case 'CONNECTOR_STATUS':
      return { ...base, kind: 'HEARTBEAT' };
    default:
      return undefined;
  }
}

// Ports of the device-event path. Adapters and the composition root implement them; the ingestion
// consumer and the command bus only see these shapes.
import type { DeviceCommand, DeviceEvent } from '@chargeflow/core';
import type { DeviceRegistry } from '../tenancy/ports.js';

/**
 * Where a validated, de-duplicated device event goes (e.g. a Temporal signal to the workflow owning
 * `orderNo` in `tenantId`). Device events carry no tenant on the wire: `tenantId` is the serial's
 * tenant, resolved from the device registry by the event path before delivery.
 */
export interface DeviceEventSink {
  /** Must be idempotent by `event.eventId`: delivery is at-least-once. Throwing means "retry later". */
  deliver(event: DeviceEvent, tenantId: string): Promise<void>;
}

/** A validated event with its serial's tenant (device registry), as the batch path hands it on. */
export interface TenantDeviceEvent {
  readonly event: DeviceEvent;
  readonly tenantId: string;
}

/** Events of one batch that a `DeviceEventBatchSink` could not deliver, and why. */
export interface DeliveryFailure {
  /** In the order they were given. */
  readonly events: readonly TenantDeviceEvent[];
  readonly error: unknown;
  /**
   * True when the failure is this event's own and will not heal by waiting (e.g. Temporal refused
   * the payload, the tenant's database is broken): after the bounded retries it is dead-lettered
   * `DEVICE_EVENT_UNDELIVERABLE`. False (an outage: Temporal unreachable) retries without limit.
   */
  readonly permanent: boolean;
}

/**
 * Where one consumed batch (one partition, in offset order) goes in one call: the Temporal sink
 * sends each workflow one signal with all of its events. Must keep the given order per owner, be
 * idempotent by event id (the path is at-least-once), and report what it could not deliver instead
 * of throwing (a throw counts as every event failing, not permanently).
 */
export interface DeviceEventBatchSink {
  deliverBatch(events: readonly TenantDeviceEvent[]): Promise<readonly DeliveryFailure[]>;
}

/**
 * Thrown by a `DeviceEventSink.deliver` for an event that can never be delivered (a poison event):
 * the path dead-letters it `DEVICE_EVENT_UNDELIVERABLE` after its bounded retries instead of
 * retrying it forever. Any other error is taken for an outage and retried without limit.
 */
export class UndeliverableEventError extends Error {
  override readonly name = 'UndeliverableEventError';
}

/**
 * Serial → tenant, as the device path needs it (the platform's `DeviceRegistry` fits). `null` means
 * no tenant registered the serial: the event is dead-lettered `UNKNOWN_DEVICE`. A rejection means
 * the registry could not answer (platform database down): the path retries in place.
 */
export type DeviceTenantLookup = Pick<DeviceRegistry, 'tenantOf'>;

/**
 * Remembers which events were already delivered. An optimisation only: the workflow de-duplicates
 * by event id too, so a store that forgets (restart, eviction) costs a redundant signal, never a wrong bill.
 */
export interface DedupStore {
  /** True when `key` was remembered before. */
  seen(key: string): Promise<boolean>;
  /** Remembers `key` (called only after the sink accepted the event). */
  remember(key: string): Promise<void>;
}

/** Raw-sample fan-out for telemetry (meter samples, vehicle telemetry, alarms): bulk, idempotent by eventId. */
export interface DeviceTelemetryWriter {
  write(events: readonly DeviceEvent[]): Promise<void>;
}

/** Workflow → device: publishes a command; idempotent by `command.commandId` downstream. */
export interface DeviceCommandBus {
  send(command: DeviceCommand): Promise<void>;
}

/** The structured logger the adapter writes to (a pino logger fits). */
export interface AdapterLogger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** A logger that drops everything (the default). */
export const silentLogger: AdapterLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

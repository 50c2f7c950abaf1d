// Which workflow gets which events of a consumed batch: pure planning, no Temporal, no database.
import type { DeviceEvent } from '@chargeflow/core';
import type { TenantDeviceEvent } from '../kafka/ports.js';

/**
 * Events without an order no. that still matter to a running session: the workflow reads any of
 * them as a sign of life (HEARTBEAT; it brings a SUSPENDED order back, ORD-3). They go to every
 * active session of the serial. Other order-less events (OFFLINE, ALARM, CARD_SWIPED, …) are not
 * routed to charging sessions: OFFLINE is left to the heartbeat timeout, telemetry goes to MongoDB.
 */
export const SIGN_OF_LIFE_EVENTS: ReadonlySet<DeviceEvent['type']> = new Set([
  'HEARTBEAT',
  'ONLINE',
  'CONNECTOR_STATUS',
]);

/** Events that start or end a session of their serial: its cached active orders are stale after them. */
export const SESSION_EDGE_EVENTS: ReadonlySet<DeviceEvent['type']> = new Set([
  'START_ACCEPTED',
  'START_REJECTED',
  'STOPPED',
]);

/** True for a sign-of-life event (routed to the serial's active sessions, not by order no.). */
export const isSignOfLife = (event: DeviceEvent): boolean =>
  SIGN_OF_LIFE_EVENTS.has(event.type) && !('orderNo' in event);

/**
 * Keeps only the last sign of life per tenant + serial + connector of a batch (a HEARTBEAT counts
 * for the whole charger, a CONNECTOR_STATUS for its connector): the workflow only needs to know the
 * charger is alive now, and its timestamp is the platform time the signal is applied. Every other
 * event is kept, in order.
 */
export function coalesceSignsOfLife(events: readonly TenantDeviceEvent[]): TenantDeviceEvent[] {
  const lastAt = new Map<string, number>();
  const keyOf = ({ event, tenantId }: TenantDeviceEvent): string =>
    `${tenantId}\u0000${event.serialNo}\u0000${'connectorNo' in event ? String(event.connectorNo) : '*'}`;
  events.forEach((item, index) => {
    if (isSignOfLife(item.event)) lastAt.set(keyOf(item), index);
  });
  return events.filter((item, index) => !isSignOfLife(item.event) || lastAt.get(keyOf(item)) === index);
}

/** One workflow's share of a batch: the events of one order, in batch order. */
export interface SignalGroup {
  readonly tenantId: string;
  readonly orderNo: string;
  readonly serialNo: string;
  readonly items: TenantDeviceEvent[];
}

/**
 * Groups a batch's events by the orders they go to (`owners`: the event's order no., or the
 * serial's active orders for a sign of life, or none), keeping batch order inside each group. An
 * event with several owners is in each of their groups.
 */
export function groupByOwner(
  events: readonly TenantDeviceEvent[],
  owners: (item: TenantDeviceEvent) => readonly string[],
): SignalGroup[] {
  const groups = new Map<string, SignalGroup>();
  for (const item of events) {
    for (const orderNo of owners(item)) {
      const key = `${item.tenantId}\u0000${orderNo}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = { tenantId: item.tenantId, orderNo, serialNo: item.event.serialNo, items: [] };
        groups.set(key, group);
      }
      group.items.push(item);
    }
  }
  return [...groups.values()];
}

/** What `mayHold` weighs for one workflow's group of a batch (decision 0019). */
export interface HoldContext {
  /** The order's status and watch from its row; undefined: not a car order known to the tenant. */
  readonly watch: { readonly status: string; readonly watchWh: number | null } | undefined;
  /** Ms since this process last signalled the workflow; undefined: not since it started. */
  readonly sinceSignalMs: number | undefined;
  /** Signal a charging session at least this often (its live fee and sign of life stay fresh). */
  readonly checkpointMs: number;
}

/**
 * Decision 0019: true when a group's events need not reach the workflow now because its samples
 * are recorded: the order is CHARGING with a watch, the group holds only meter samples and signs
 * of life, every sample is below the watch (ORD-4 cannot trigger), and the workflow was signalled
 * within the checkpoint interval. Anything else (an edge, a status change, a crossed watch, a
 * session with no watch) is signalled.
 */
export function mayHold(group: SignalGroup, context: HoldContext): boolean {
  const { watch, sinceSignalMs } = context;
  if (watch === undefined || watch.status !== 'CHARGING' || watch.watchWh === null) return false;
  if (sinceSignalMs === undefined || sinceSignalMs >= context.checkpointMs) return false;
  let samples = 0;
  for (const { event } of group.items) {
    if (isSignOfLife(event)) continue;
    if (event.type !== 'METER_SAMPLE' || event.meterWh >= watch.watchWh) return false;
    samples += 1;
  }
  return samples > 0;
}

// Device → workflow: the ingestion consumer's sink that turns a validated device event of a tenant
// into the `deviceEvent` signal of the charging session workflow owning it.
import { WorkflowNotFoundError, type WorkflowClient } from '@temporalio/client';
import type { DeviceEvent } from '@chargeflow/core';
import { chargingWorkflowId, deviceEventSignal } from '@chargeflow/workflows';
import { silentLogger, type AdapterLogger, type DeviceEventSink } from '../kafka/ports.js';
import { ChargingOrderRepository } from '../persistence/repositories/charging-order-repository.js';
import { TenancyError } from '../tenancy/errors.js';
import type { TenantDatabases } from '../tenancy/ports.js';

/** Order states whose workflow is still running and listening to its charger. */
export const ACTIVE_ORDER_STATUSES = ['STARTING', 'CHARGING', 'STOPPING', 'SUSPENDED'] as const;

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

/** Which orders of a tenant are active on a charger (serial → order nos.), to route events that carry no order no. */
export interface ActiveSessionLookup {
  activeOrders(tenantId: string, serialNo: string): Promise<readonly string[]>;
}

/** How far back an active order may have been created (a session longer than this is not found). */
export const ACTIVE_ORDER_LOOKBACK_MS = 31 * 24 * 3600_000;

/**
 * The serial → active orders index, read from the order table of the serial's tenant (its own
 * database, TEN-7; `charger_serial`, `status`; the `(charger_serial, created_at)` index). The
 * workflows keep `status` current through `recordProgress`, so no second index has to be
 * maintained; one query per sign of life of a charger.
 */
export class RepositorySessionLookup implements ActiveSessionLookup {
  constructor(
    private readonly tenants: Pick<TenantDatabases, 'get'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Order nos. of the charger's STARTING/CHARGING/STOPPING/SUSPENDED orders of the last 31 days. */
  async activeOrders(tenantId: string, serialNo: string): Promise<readonly string[]> {
    const db = await this.tenants.get(tenantId);
    const now = this.now();
    const page = await new ChargingOrderRepository(db.em, this.now).list({
      now,
      chargerSerial: serialNo,
      status: ACTIVE_ORDER_STATUSES,
      createdFrom: now - ACTIVE_ORDER_LOOKBACK_MS,
      limit: 200,
    });
    return page.items.map((order) => order.orderNo);
  }
}

/** Where CARD_SWIPED events go (cards/swipe.ts); without it they are dropped. */
export interface CardSwipeSink {
  handle(event: Extract<DeviceEvent, { type: 'CARD_SWIPED' }>, tenantId: string): Promise<void>;
}

/** What `TemporalDeviceEventSink` needs. */
export interface TemporalDeviceEventSinkOptions {
  /** Starts card-funded sessions from CARD_SWIPED (or answers the reader why not). */
  readonly cardSwipes?: CardSwipeSink;
  /** `client.workflow` of a Client built with `dataConverter: { payloadConverterPath }`. */
  readonly workflows: Pick<WorkflowClient, 'getHandle'>;
  /** Routes sign-of-life events without an order no.; without it they are dropped. */
  readonly sessions?: ActiveSessionLookup;
  readonly logger?: AdapterLogger;
}

/**
 * `DeviceEventSink` that signals the charging session workflow owning an event of a tenant (the
 * serial's tenant, from the device registry): `chargingWorkflowId(tenantId, orderNo)` ←
 * `deviceEventSignal(event)`.
 * - An event with an order no. goes to that order's workflow of that tenant.
 * - HEARTBEAT / ONLINE / CONNECTOR_STATUS go to every active session of the serial in that
 *   tenant's database (`sessions`). A tenant that has no usable database by its state (unknown, or
 *   no READY datasource) has no session to keep alive: logged and skipped. One whose database could
 *   not be reached is thrown (retried in place), like Temporal being down.
 * - CARD_SWIPED goes to `cardSwipes` (a session starts, or the reader hears why not).
 * - Anything else is not a charging-session input and is dropped (it still reaches telemetry).
 * - A workflow that is closed or never existed (`WorkflowNotFoundError`: a late event for a finished
 *   session, an unknown order) is logged and skipped, never retried.
 * Other errors (Temporal unreachable) are thrown, so the ingestion retries in place with backoff.
 * Idempotent by event id: the workflow de-duplicates a repeated signal (ORD-7).
 */
export class TemporalDeviceEventSink implements DeviceEventSink {
  private readonly logger: AdapterLogger;

  constructor(private readonly options: TemporalDeviceEventSinkOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Signals the owning workflow(s) of `event` in `tenantId`; see the class comment for the routing rules. */
  async deliver(event: DeviceEvent, tenantId: string): Promise<void> {
    if (event.type === 'CARD_SWIPED') return this.options.cardSwipes?.handle(event, tenantId);
    for (const orderNo of await this.ownersOf(event, tenantId)) await this.signal(tenantId, orderNo, event);
  }

  private async ownersOf(event: DeviceEvent, tenantId: string): Promise<readonly string[]> {
    if ('orderNo' in event) return [event.orderNo];
    if (!SIGN_OF_LIFE_EVENTS.has(event.type) || this.options.sessions === undefined) return [];
    try {
      return await this.options.sessions.activeOrders(tenantId, event.serialNo);
    } catch (error) {
      if (!tenantHasNoDatabase(error)) throw error;
      this.logger.warn(
        { tenantId, serialNo: event.serialNo, eventId: event.eventId, type: event.type, err: error },
        'sign of life for a tenant without a usable database; skipped',
      );
      return [];
    }
  }

  private async signal(tenantId: string, orderNo: string, event: DeviceEvent): Promise<void> {
    const workflowId = chargingWorkflowId(tenantId, orderNo);
    try {
      await this.options.workflows.getHandle(workflowId).signal(deviceEventSignal, event);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      this.logger.warn(
        { workflowId, tenantId, orderNo, eventId: event.eventId, type: event.type, serialNo: event.serialNo },
        'device event for a session that is not running; skipped',
      );
    }
  }
}

/**
 * True for a tenancy error that says the tenant has no database to look in, by its state: the
 * tenant is unknown, or its datasource is missing or not READY (`details.provisioning`). Such a
 * tenant cannot have an active session. A database that exists but could not be opened (server
 * down, `details.reason`) is not this: retrying it is right.
 */
export function tenantHasNoDatabase(error: unknown): boolean {
  if (!(error instanceof TenancyError)) return false;
  if (error.code === 'TENANT_NOT_FOUND') return true;
  return error.code === 'TENANT_DATABASE_NOT_READY' && 'provisioning' in error.details;
}

// Device → workflow: the ingestion consumer's sink that turns a validated device event of a tenant
// into the `deviceEvent` signal of the charging session workflow owning it.
import {
  ServiceError,
  WorkflowNotFoundError,
  isGrpcServiceError,
  type WorkflowClient,
} from '@temporalio/client';
import type { DeviceEvent } from '@chargeflow/core';
import { chargingWorkflowId, deviceEventsSignal } from '@chargeflow/workflows';
import { LRUCache } from 'lru-cache';
import pMap from 'p-map';
import {
  UndeliverableEventError,
  silentLogger,
  type AdapterLogger,
  type DeliveryFailure,
  type DeviceEventBatchSink,
  type DeviceEventSink,
  type TenantDeviceEvent,
} from '../kafka/ports.js';
import { ChargingOrderRepository } from '../persistence/repositories/charging-order-repository.js';
import { TenancyError } from '../tenancy/errors.js';
import { deliverParkingEvents, type ParkingEventSink } from '../reservations/parking-sink.js';
import { deliverSnapshots, type SnapshotSink } from '../cameras/snapshot-recorder.js';
import type { TenantDatabases } from '../tenancy/ports.js';
import type { MeterSampleEvent, SampleRecorder } from './sample-recorder.js';
import {
  SESSION_EDGE_EVENTS,
  coalesceSignsOfLife,
  groupByOwner,
  isSignOfLife,
  mayHold,
  type SignalGroup,
} from './signal-plan.js';

export { SIGN_OF_LIFE_EVENTS } from './signal-plan.js';

/** Default `sampleCheckpointMs`: a charging session hears from the ingestion at least every 2 minutes. */
export const DEFAULT_SAMPLE_CHECKPOINT_MS = 120_000;

/** Order states whose workflow is still running and listening to its charger. */
export const ACTIVE_ORDER_STATUSES = ['STARTING', 'CHARGING', 'STOPPING', 'SUSPENDED'] as const;

/** Which orders of a tenant are active on a charger (serial → order nos.), to route events that carry no order no. */
export interface ActiveSessionLookup {
  activeOrders(tenantId: string, serialNo: string): Promise<readonly string[]>;
  /** A cached look-up forgets the serial's answer (one of its sessions started or ended). */
  invalidate?(tenantId: string, serialNo: string): void;
}

/** How far back an active order may have been created (a session longer than this is not found). */
export const ACTIVE_ORDER_LOOKBACK_MS = 31 * 24 * 3600_000;

/**
 * The serial → active orders index, read from the order table of the serial's tenant (its own
 * database, TEN-7; `charger_serial`, `status`; the `(charger_serial, created_at)` index). The
 * workflows keep `status` current through `recordProgress`, so no second index has to be
 * maintained. Wrapped in `CachedSessionLookup` by the charging services, so heartbeats cost no query each.
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
  /** Routes PLATE_RECOGNISED / LOCK_STATE to reservations (RES-2, reservations/); dropped without it. */
  readonly parking?: ParkingEventSink;
  /** Where SNAPSHOT_TAKEN images go (`SnapshotRecorder`, SPEC §14); without one they are dropped. */
  readonly snapshots?: SnapshotSink;
  /** `client.workflow` of a Client built with `dataConverter: { payloadConverterPath }`. */
  readonly workflows: Pick<WorkflowClient, 'getHandle'>;
  /** Routes sign-of-life events without an order no.; without it they are dropped. */
  readonly sessions?: ActiveSessionLookup;
  readonly logger?: AdapterLogger;
  /** Signals of one batch in flight at once (different workflows); default 64. */
  readonly signalConcurrency?: number;
  /**
   * A workflow that was signalled less than this long ago gets no signal carrying only signs of
   * life (any signalled event, a meter sample too, already told it the charger is alive). 0 (the
   * default) forwards every coalesced sign of life. Keep it at most a third of the shortest order
   * heartbeat timeout (ORD-3): a live charger is then never taken for silent, and a SUSPENDED
   * session (silent longer than the timeout) always gets the next sign of life at once.
   */
  readonly signOfLifeIntervalMs?: number;
  /**
   * Decision 0019: records every meter sample of a car session in the tenant's database before the
   * batch is acknowledged, and signals a CHARGING session's samples only when they cross its watch,
   * come with another event, or `sampleCheckpointMs` passed since its last signal. Without it every
   * sample is signalled.
   */
  readonly samples?: SampleRecorder;
  /**
   * With `samples`: the longest a CHARGING session goes without a signal while its charger reports
   * (default DEFAULT_SAMPLE_CHECKPOINT_MS). Its live fee lags at most this much; keep it below the
   * order heartbeat timeout minus two sample intervals, or the session reads its recorded samples
   * at each heartbeat check instead (ORD-3 still holds, at one activity per check).
   */
  readonly sampleCheckpointMs?: number;
  /**
   * With `samples`: checkpoint signals in flight at once. A checkpoint signal carries samples that
   * are recorded already, so it is sent in the background (the batch is acknowledged without
   * waiting for it) and skipped while this many are in flight (the next batch tries again); default 16.
   */
  readonly checkpointConcurrency?: number;
  readonly now?: () => number;
}

/** gRPC status codes of a signal Temporal refused for good (the payload, the execution), not an outage. */
const PERMANENT_SIGNAL_CODES: ReadonlySet<number> = new Set([
  3, // INVALID_ARGUMENT: e.g. a payload over the blob size limit
  9, // FAILED_PRECONDITION: e.g. the execution's signal limit reached
  11, // OUT_OF_RANGE
]);

/** True when Temporal refused a signal for a reason waiting will not heal (see PERMANENT_SIGNAL_CODES). */
export function isPermanentSignalError(error: unknown): boolean {
  const cause = error instanceof ServiceError ? error.cause : error;
  return isGrpcServiceError(cause) && PERMANENT_SIGNAL_CODES.has(cause.code);
}

/**
 * The sink that signals the charging session workflows owning the events of a tenant (the serial's
 * tenant, from the device registry). As a `DeviceEventBatchSink` (the Kafka ingestion): one
 * `deviceEventsSignal(events)` per workflow `chargingWorkflowId(tenantId, orderNo)` per batch, in
 * batch order; as a `DeviceEventSink` (the in-process path) the same for one event.
 * - An event with an order no. goes to that order's workflow of that tenant.
 * - HEARTBEAT / ONLINE / CONNECTOR_STATUS (coalesced to the last per serial and connector of the
 *   batch) go to every active session of the serial in that tenant's database (`sessions`, cached
 *   and invalidated on START_ACCEPTED / START_REJECTED / STOPPED). A tenant that has no usable
 *   database by its state (unknown, or no READY datasource) has no session to keep alive: logged and
 *   skipped. One whose database could not be read fails those events permanently (the ingestion
 *   retries them a bounded number of times, then dead-letters them: other tenants on the partition
 *   keep flowing).
 * - CARD_SWIPED goes to `cardSwipes` (a session starts, or the reader hears why not), one swipe
 *   at a time in batch order; an infrastructure failure is retried, a tenant without a database dead-lettered.
 * - Anything else is not a charging-session input and is dropped (it still reaches telemetry).
 * - A workflow that is closed or never existed (`WorkflowNotFoundError`: a late event for a finished
 *   session, an unknown order) is logged and skipped, never retried.
 * - A signal Temporal refuses for good (`isPermanentSignalError`) fails permanently; any other
 *   error (Temporal unreachable) is an outage, retried by the ingestion without limit.
 * Idempotent by event id: the workflow de-duplicates a repeated signal (ORD-7).
 */
export class TemporalDeviceEventSink implements DeviceEventSink, DeviceEventBatchSink {
  private readonly logger: AdapterLogger;
  private readonly now: () => number;
  /** When each workflow was last signalled by this process (for `signOfLifeIntervalMs`). */
  private readonly lastSignalled = new LRUCache<string, number>({ max: 200_000 });
  /** When a sample of each workflow was last recorded by this process (a sign of life too). */
  private readonly lastRecorded = new LRUCache<string, number>({ max: 200_000 });
  /**
   * Signals sent, sign-of-life-only signals skipped by `signOfLifeIntervalMs`, samples recorded,
   * and groups of samples only recorded (no signal, decision 0019).
   */
  readonly counts = {
    signals: 0,
    livenessSkipped: 0,
    samplesRecorded: 0,
    samplesHeld: 0,
    checkpointsSkipped: 0,
  };
  /** Workflows with a background checkpoint signal in flight. */
  private readonly checkpointsInFlight = new Set<string>();

  constructor(private readonly options: TemporalDeviceEventSinkOptions) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  /**
   * One consumed batch (offset order): the serials' cached active orders are invalidated where a
   * session starts or ends, signs of life coalesced per tenant + serial + connector, the rest grouped
   * by owning workflow; then one `deviceEvents` signal per workflow, in batch order, up to
   * `signalConcurrency` at once. Returns what failed: a signal Temporal refused for good or a
   * tenant database that could not be read is permanent, anything else (Temporal unreachable) not.
   */
  async deliverBatch(batch: readonly TenantDeviceEvent[]): Promise<readonly DeliveryFailure[]> {
    const sessions = this.options.sessions;
    const failures: DeliveryFailure[] = await this.deliverSwipes(batch);
    failures.push(...(await deliverParkingEvents(batch, this.options.parking)));
    failures.push(...(await deliverSnapshots(batch, this.options.snapshots)));
    const events = batch.filter(
      (item) => item.event.type !== 'CARD_SWIPED' && item.event.type !== 'SNAPSHOT_TAKEN',
    );
    for (const { event, tenantId } of events) {
      if (SESSION_EDGE_EVENTS.has(event.type)) sessions?.invalidate?.(tenantId, event.serialNo);
    }
    const planned = coalesceSignsOfLife(events);
    const active = new Map<string, readonly string[]>();
    const serialKey = (item: TenantDeviceEvent) => `${item.tenantId}\u0000${item.event.serialNo}`;
    const lives = new Map<string, TenantDeviceEvent[]>();
    for (const item of planned) {
      if (!isSignOfLife(item.event) || sessions === undefined) continue;
      const key = serialKey(item);
      const same = lives.get(key);
      if (same === undefined) lives.set(key, [item]);
      else same.push(item);
    }
    await pMap(
      lives,
      async ([key, items]) => {
        const first = items[0]!;
        try {
          active.set(key, await this.activeOrdersOf(first.event, first.tenantId));
        } catch (error) {
          failures.push({ events: items, error, permanent: true });
        }
      },
      { concurrency: 16 },
    );
    const groups = groupByOwner(planned, (item) =>
      'orderNo' in item.event ? [item.event.orderNo] : (active.get(serialKey(item)) ?? []),
    );
    const { held, checkpoints } = await this.recordSamples(groups);
    for (const group of checkpoints) this.checkpointInBackground(group);
    await pMap(
      groups.filter((group) => !held.has(group) && !checkpoints.has(group)),
      async (group) => {
        const failure = await this.signalGroup(group);
        if (failure !== undefined) failures.push(failure);
      },
      { concurrency: this.options.signalConcurrency ?? 64 },
    );
    return failures;
  }

  /**
   * Decision 0019: records the meter samples of the batch's car sessions, per tenant (one read of
   * the orders' watches, one multi-row insert), and returns the groups that need no signal now
   * (`mayHold`: `held`) and those that would but for the checkpoint (`checkpoints`: signalled in
   * the background, the batch does not wait for them). A tenant whose recording fails has its samples signalled instead, as without a
   * recorder: the workflow then holds them, so nothing is lost and the batch is not retried for it.
   */
  private async recordSamples(groups: readonly SignalGroup[]): Promise<{
    held: ReadonlySet<SignalGroup>;
    checkpoints: ReadonlySet<SignalGroup>;
  }> {
    const held = new Set<SignalGroup>();
    const checkpoints = new Set<SignalGroup>();
    const recorder = this.options.samples;
    if (recorder === undefined) return { held, checkpoints };
    const checkpointMs = this.options.sampleCheckpointMs ?? DEFAULT_SAMPLE_CHECKPOINT_MS;
    const byTenant = new Map<string, SignalGroup[]>();
    for (const group of groups) {
      if (!group.items.some((item) => item.event.type === 'METER_SAMPLE')) continue;
      const same = byTenant.get(group.tenantId);
      if (same === undefined) byTenant.set(group.tenantId, [group]);
      else same.push(group);
    }
    await pMap(
      byTenant,
      async ([tenantId, tenantGroups]) => {
        try {
          const watches = await recorder.watches(
            tenantId,
            tenantGroups.map((group) => group.orderNo),
          );
          const cars = tenantGroups.filter((group) => watches.has(group.orderNo));
          const samples = cars.flatMap((group) =>
            group.items.flatMap((item) => (item.event.type === 'METER_SAMPLE' ? [item.event] : [])),
          ) as MeterSampleEvent[];
          const now = this.now();
          await recorder.record(tenantId, samples, now);
          this.counts.samplesRecorded += samples.length;
          for (const group of cars) {
            const workflowId = chargingWorkflowId(tenantId, group.orderNo);
            this.lastRecorded.set(workflowId, now);
            const last = this.lastSignalled.get(workflowId);
            const context = {
              watch: watches.get(group.orderNo),
              sinceSignalMs: last === undefined ? undefined : now - last,
              checkpointMs,
            };
            if (mayHold(group, context)) {
              held.add(group);
              this.counts.samplesHeld += 1;
            } else if (mayHold(group, { ...context, sinceSignalMs: 0 })) {
              // Held but for the checkpoint: its samples are recorded, the signal only refreshes.
              checkpoints.add(group);
            }
          }
        } catch (error) {
          this.logger.warn(
            { tenantId, err: error },
            'recording meter samples failed; signalling them instead',
          );
        }
      },
      { concurrency: 8 },
    );
    return { held, checkpoints };
  }

  /**
   * A checkpoint signal (samples recorded already, decision 0019), not awaited by the batch: one
   * per workflow and at most `checkpointConcurrency` in flight, else skipped; a failure is logged
   * (the session reads the recorded samples at its next timer or signal, nothing is lost).
   */
  private checkpointInBackground(group: SignalGroup): void {
    const workflowId = chargingWorkflowId(group.tenantId, group.orderNo);
    const limit = this.options.checkpointConcurrency ?? 16;
    if (this.checkpointsInFlight.has(workflowId) || this.checkpointsInFlight.size >= limit) {
      this.counts.checkpointsSkipped += 1;
      return;
    }
    this.checkpointsInFlight.add(workflowId);
    void this.signalGroup(group)
      .then((failure) => {
        if (failure !== undefined)
          this.logger.warn(
            { workflowId, err: failure.error },
            'checkpoint signal failed; the session reads its recorded samples later',
          );
      })
      .finally(() => this.checkpointsInFlight.delete(workflowId));
  }

  /** The batch's CARD_SWIPED events, one at a time in order, to `cardSwipes` (dropped without it). */
  private async deliverSwipes(batch: readonly TenantDeviceEvent[]): Promise<DeliveryFailure[]> {
    const failures: DeliveryFailure[] = [];
    for (const item of batch) {
      if (item.event.type !== 'CARD_SWIPED' || this.options.cardSwipes === undefined) continue;
      try {
        await this.options.cardSwipes.handle(item.event, item.tenantId);
      } catch (error) {
        failures.push({ events: [item], error, permanent: tenantHasNoDatabase(error) });
      }
    }
    return failures;
  }

  /** True when the group only says "alive" to a workflow signalled within `signOfLifeIntervalMs`. */
  private redundant(workflowId: string, group: SignalGroup): boolean {
    const interval = this.options.signOfLifeIntervalMs ?? 0;
    if (interval <= 0 || !group.items.every((item) => isSignOfLife(item.event))) return false;
    // A recorded sample is a sign of life too: the session reads it before a heartbeat check (ORD-3).
    const last = Math.max(
      this.lastSignalled.get(workflowId) ?? -Infinity,
      this.lastRecorded.get(workflowId) ?? -Infinity,
    );
    return this.now() - last < interval;
  }

  private async signalGroup(group: SignalGroup): Promise<DeliveryFailure | undefined> {
    const workflowId = chargingWorkflowId(group.tenantId, group.orderNo);
    if (this.redundant(workflowId, group)) {
      this.counts.livenessSkipped += 1;
      return undefined;
    }
    try {
      await this.options.workflows.getHandle(workflowId).signal(
        deviceEventsSignal,
        group.items.map((item) => item.event),
      );
      this.counts.signals += 1;
      this.lastSignalled.set(workflowId, this.now());
      return undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        this.options.sessions?.invalidate?.(group.tenantId, group.serialNo);
        this.logger.warn(
          { workflowId, tenantId: group.tenantId, orderNo: group.orderNo, events: group.items.length },
          'device events for a session that is not running; skipped',
        );
        return undefined;
      }
      return { events: group.items, error, permanent: isPermanentSignalError(error) };
    }
  }

  /**
   * One event (the in-process path): `deliverBatch` of one; its failure is thrown, as an
   * `UndeliverableEventError` when it is permanent.
   */
  async deliver(event: DeviceEvent, tenantId: string): Promise<void> {
    const [failure] = await this.deliverBatch([{ event, tenantId }]);
    if (failure === undefined) return;
    if (!failure.permanent) throw failure.error;
    throw new UndeliverableEventError(
      failure.error instanceof Error ? failure.error.message : String(failure.error),
      { cause: failure.error },
    );
  }

  /** The serial's active orders; none when the tenant has no usable database (logged). Throws when it could not be read. */
  private async activeOrdersOf(event: DeviceEvent, tenantId: string): Promise<readonly string[]> {
    if (this.options.sessions === undefined) return [];
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

import {
  ZERO_FEN,
  autoStopWatch,
  createCarOrder,
  transitionCarOrder,
  type Bill,
  type CarOrderEvent,
  type CarOrderState,
  type DomainError,
  type Fen,
  type MeterReading,
  type OrderEffect,
  type OrderTimer,
  type Result,
  type SessionPricer,
  type SessionReading,
} from '@chargeflow/core';
import type { OrderProgress, RecordedSample } from './activities.js';
import type { ChargingCarryOver, ChargingSessionInput } from './input.js';
import type { LiveStatus } from './messages.js';
import {
  addReading,
  createSessionPricer,
  dearestPerKwh,
  roundingSlackFen,
  toMeter,
  type SessionTariff,
} from './readings.js';

/** Work the workflow carries out through activities, in order: the core's effects plus progress records. */
export type SessionWork =
  | Exclude<OrderEffect, { readonly type: 'SCHEDULE_TIMEOUT' | 'ORDER_SETTLED' }>
  | {
      readonly type: 'ORDER_SETTLED';
      readonly effect: Extract<OrderEffect, { type: 'ORDER_SETTLED' }>;
      readonly bill?: Bill;
    }
  | { readonly type: 'RECORD_PROGRESS'; readonly progress: OrderProgress };

const TIMEOUT_KIND = {
  START: 'START_TIMEOUT',
  HEARTBEAT: 'HEARTBEAT_TIMEOUT',
  STOP: 'STOP_TIMEOUT',
} as const;
const FINAL = new Set(['COMPLETED', 'ABNORMAL']);

/**
 * The in-memory session of one workflow run: the core order state, the compact meter log and the armed
 * timers. Every input goes through `transitionCarOrder`; this class has no rules of its own, it only
 * feeds events in, keeps the readings pricing needs and queues the resulting work. No Temporal, no I/O.
 */
export class ChargingSession {
  private readings: readonly MeterReading[];
  private readonly timers: Partial<Record<OrderTimer, number>>;
  private readonly work: SessionWork[] = [];
  private readonly pricer: SessionPricer;
  private readonly settlingPricer: SessionPricer;
  private capturedBill: Bill | undefined;
  private finalBill: Bill | undefined;
  private inputsThisRun = 0;
  /** Decision 0019: the watch reading last queued with a progress record (undefined: none yet). */
  private publishedWatch: number | null | undefined;
  /** Decision 0019: the highest recorded-sample row applied. */
  private syncedSeq: number;

  private constructor(
    private readonly input: ChargingSessionInput,
    private readonly tariff: SessionTariff,
    private order: CarOrderState,
    carry: Omit<ChargingCarryOver, 'order' | 'settled'>,
  ) {
    this.readings = carry.readings;
    this.publishedWatch = carry.watchWh;
    this.syncedSeq = carry.syncedSeq ?? 0;
    this.timers = { ...carry.timers };
    this.updatedAt = carry.updatedAt;
    this.runs = carry.runs;
    this.pricer = createSessionPricer(tariff, () => this.readings);
    this.settlingPricer = createSessionPricer(
      tariff,
      () => this.readings,
      (bill) => {
        this.capturedBill = bill;
      },
    );
    this.addMeter = (meter) => {
      this.readings = addReading(this.readings, toMeter(meter), tariff);
    };
  }

  /** Workflow time of the last change. */
  public updatedAt: number;
  /** Set by the workflow: reads recorded samples before due timers fire (decision 0019). */
  public beforeTimers?: (now: number) => Promise<void>;
  /** Runs so far (1 for the first, +1 per continue-as-new). */
  public readonly runs: number;
  private readonly addMeter: (meter: SessionReading) => void;

  /** ORD-1: creates the order (start command + start timer queued), or the core's precondition error. */
  public static start(
    input: ChargingSessionInput,
    tariff: SessionTariff,
    now: number,
  ): Result<ChargingSession> {
    const created = createCarOrder({
      orderNo: input.orderNo,
      stationId: input.stationId,
      startWay: input.startWay,
      funding: input.funding,
      assets: input.preconditions.assets,
      tariff: { tariffId: tariff.tariff.id, version: tariff.tariff.version },
      ...(input.preconditions.prepayPaid === undefined ? {} : { prepayPaid: input.preconditions.prepayPaid }),
      ...(input.preconditions.card === undefined ? {} : { card: input.preconditions.card }),
      target: { chargerSerial: input.chargerSerial, connectorNo: String(input.connectorNo) },
      timeouts: input.timeouts,
      ...(input.limits === undefined ? {} : { limits: input.limits }),
      at: now,
    });
    if (!created.ok) return created;
    const session = new ChargingSession(input, tariff, created.value.state, {
      readings: [],
      timers: {},
      updatedAt: now,
      runs: 1,
    });
    session.absorb(created.value.state, created.value.effects, now, true);
    return { ok: true, value: session };
  }

  /** Resumes a session carried over by continue-as-new. */
  public static resume(
    input: ChargingSessionInput,
    tariff: SessionTariff,
    carry: ChargingCarryOver,
  ): ChargingSession {
    return new ChargingSession(input, tariff, carry.order, { ...carry, runs: carry.runs + 1 });
  }

  /** The core order state. */
  public get state(): CarOrderState {
    return this.order;
  }

  /** True once COMPLETED or ABNORMAL. */
  public get isFinal(): boolean {
    return FINAL.has(this.order.status);
  }

  /** Inputs (device events, commands, timers) handled in this run. */
  public get inputCount(): number {
    return this.inputsThisRun;
  }

  /** One order event; meter readings are logged first so the running fee and the settlement see them. */
  public apply(event: CarOrderEvent): Result<CarOrderState, DomainError> {
    this.inputsThisRun += 1;
    let fed = event;
    if (event.kind === 'METER_SAMPLE' || event.kind === 'START_ACCEPTED' || event.kind === 'STOPPED') {
      if (event.meter !== undefined) this.addMeter(event.meter);
    }
    if (
      event.kind === 'METER_SAMPLE' &&
      (this.order.status === 'CHARGING' || this.order.status === 'SUSPENDED')
    ) {
      fed = { ...event, runningFee: this.estimate(event.meter) };
    }
    this.capturedBill = undefined;
    const step = transitionCarOrder(this.order, fed, this.settlingPricer);
    if (!step.ok) return step;
    const changed = step.value.state.status !== this.order.status;
    const passed = !changed && this.watchPassed(event);
    this.absorb(step.value.state, step.value.effects, event.at, changed);
    // Decision 0019: past the published watch, publish the next one (the ingestion reads it).
    if (passed && this.order.status === 'CHARGING' && this.watch() !== this.publishedWatch) {
      this.work.push({ type: 'RECORD_PROGRESS', progress: this.progress(event.at) });
    }
    return { ok: true, value: this.order };
  }

  /**
   * Decision 0019: a sample the ingestion recorded (and maybe never signalled), applied as the
   * METER_SAMPLE it was; a repeat changes nothing (ORD-7: same reading, same event id). `at` is the
   * platform time it was recorded, never before the session's last change.
   */
  public applyRecorded(row: RecordedSample): void {
    if (row.seq > this.syncedSeq) this.syncedSeq = row.seq;
    if (this.isFinal) return;
    this.apply({
      eventId: row.eventId,
      at: Math.max(row.recordedAt, this.updatedAt),
      kind: 'METER_SAMPLE',
      meter: {
        at: row.occurredAt,
        energyWh: row.meterWh,
        powerW: row.powerW,
        ...(row.soc === undefined ? {} : { soc: row.soc }),
      },
    });
  }

  /** The highest recorded-sample row applied so far. */
  public get recordedUpTo(): number {
    return this.syncedSeq;
  }

  /**
   * Decision 0019: which recorded samples the due timers need first: `ALL` before a timer can settle
   * (STOP), `NEW` before a heartbeat timer that would otherwise suspend the session (ORD-3: a recorded
   * sample is a sign of life), nothing otherwise.
   */
  public recordedNeededAt(now: number): 'ALL' | 'NEW' | undefined {
    const due = (timer: OrderTimer) => {
      const deadline = this.timers[timer];
      return deadline !== undefined && deadline <= now;
    };
    if (due('STOP')) return 'ALL';
    if (due('HEARTBEAT') && now - this.order.lastSeenAt >= this.order.timeouts.heartbeatMs) return 'NEW';
    return undefined;
  }

  /** Decision 0019: the reading from which a sample could stop the session by itself (see autoStopWatch). */
  private watch(): number | null {
    const s = this.order;
    const last = s.lastMeter ?? s.startMeter;
    if (last === undefined) return 0; // no reading yet: every sample, until one tells where the watch is
    return autoStopWatch({
      funding: s.funding,
      limits: s.limits,
      start: s.startMeter,
      last,
      fee: this.estimate(last),
      dearestPerKwh: dearestPerKwh(this.tariff),
      roundingSlackFen: roundingSlackFen(this.tariff),
    });
  }

  /** True when a charging sample reached the published watch (the ingestion now signals every sample). */
  private watchPassed(event: CarOrderEvent): boolean {
    if (event.kind !== 'METER_SAMPLE' || this.order.status !== 'CHARGING') return false;
    const published = this.publishedWatch;
    return typeof published === 'number' && event.meter.energyWh >= published;
  }

  /** The earliest armed timer deadline, if any. */
  public nextDeadline(): number | undefined {
    const deadlines = Object.values(this.timers).filter((d): d is number => d !== undefined);
    return deadlines.length === 0 ? undefined : Math.min(...deadlines);
  }

  /** Fires every timer due at `now` as its *_TIMEOUT event (the core ignores stale ones). */
  public fireDueTimers(now: number): void {
    for (const timer of ['START', 'HEARTBEAT', 'STOP'] as const) {
      const deadline = this.timers[timer];
      if (deadline === undefined || deadline > now) continue;
      delete this.timers[timer];
      this.apply({ eventId: `timeout:${timer}:${deadline}`, at: now, kind: TIMEOUT_KIND[timer] });
    }
  }

  /** Takes the queued work (activities to run, in order). */
  public takeWork(): SessionWork[] {
    return this.work.splice(0, this.work.length);
  }

  /** True when work is queued. */
  public get hasWork(): boolean {
    return this.work.length > 0;
  }

  /** The bill of the settlement, once settled with a reading. */
  public get bill(): Bill | undefined {
    return this.finalBill;
  }

  /** The live view for the `liveStatus` query. */
  public liveStatus(): LiveStatus {
    const s = this.order;
    const start = s.startMeter?.energyWh ?? this.readings[0]?.wh ?? 0;
    return {
      orderNo: s.orderNo,
      status: s.status,
      energyWh: s.lastMeter === undefined ? 0 : Math.max(0, s.lastMeter.energyWh - start),
      feeEstimate: s.settlement?.fee ?? (s.lastMeter === undefined ? ZERO_FEN : this.estimate(s.lastMeter)),
      createdAt: s.createdAt,
      updatedAt: this.updatedAt,
      runs: this.runs,
      ...(s.lastMeter === undefined ? {} : { lastMeter: s.lastMeter }),
      ...(s.startedAt === undefined ? {} : { startedAt: s.startedAt }),
      ...(s.stopReason === undefined ? {} : { stopReason: s.stopReason }),
      ...(s.abnormalReason === undefined ? {} : { abnormalReason: s.abnormalReason }),
      ...(s.settlement === undefined ? {} : { settlement: s.settlement }),
    };
  }

  /** What continue-as-new carries: the compact state only (queued work must be drained first). */
  public carryOver(): ChargingCarryOver {
    return {
      order: this.order,
      readings: this.readings,
      timers: { ...this.timers },
      updatedAt: this.updatedAt,
      settled: this.order.settlement !== undefined,
      runs: this.runs,
      ...(this.publishedWatch === undefined ? {} : { watchWh: this.publishedWatch }),
      syncedSeq: this.syncedSeq,
    };
  }

  private estimate(end: SessionReading): Fen {
    const start = this.order.startMeter;
    return this.pricer({ ...(start === undefined ? {} : { start }), end, funding: this.order.funding }).total;
  }

  private absorb(state: CarOrderState, effects: readonly OrderEffect[], at: number, changed: boolean): void {
    const before = this.order;
    this.order = state;
    if (state !== before || effects.length > 0) this.updatedAt = at;
    if (changed) this.work.push({ type: 'RECORD_PROGRESS', progress: this.progress(at) });
    for (const effect of effects) {
      if (effect.type === 'SCHEDULE_TIMEOUT') this.timers[effect.timer] = effect.at;
      else if (effect.type === 'ORDER_SETTLED') {
        this.finalBill = this.capturedBill;
        this.work.push({
          type: 'ORDER_SETTLED',
          effect,
          ...(this.capturedBill === undefined ? {} : { bill: this.capturedBill }),
        });
      } else this.work.push(effect);
    }
    if (this.isFinal) for (const timer of ['START', 'HEARTBEAT', 'STOP'] as const) delete this.timers[timer];
  }

  private progress(at: number): OrderProgress {
    const s = this.order;
    const watchWh = s.status === 'CHARGING' ? this.watch() : null;
    this.publishedWatch = watchWh;
    return {
      tenantId: this.input.tenantId,
      orderNo: s.orderNo,
      status: s.status,
      at,
      ...(s.startedAt === undefined ? {} : { startedAt: s.startedAt }),
      ...(s.startMeter === undefined ? {} : { startMeter: s.startMeter }),
      ...(s.lastMeter === undefined ? {} : { lastMeter: s.lastMeter }),
      watchWh,
    };
  }
}

import {
  ZERO_FEN,
  checkEnteredDuration,
  createEbikeOrder,
  ebikeAutoStopAmount,
  ebikeStopReason,
  transitionEbikeOrder,
  type Bill,
  type DomainError,
  type EbikeOrderEvent,
  type EbikeOrderState,
  type EbikeTariff,
  type Fen,
  type OrderEffect,
  type Result,
  type SessionPricer,
  type SessionReading,
  type StopReason,
} from '@chargeflow/core';
import type { OrderProgress } from '../charging/activities.js';
import type { SessionWork } from '../charging/session.js';
import type { EbikeCarryOver, EbikeSessionInput, EbikeTimer } from './input.js';
import type { EbikeLiveStatus } from './messages.js';
import { createEbikePricer } from './pricing.js';

const TIMEOUT_KIND = {
  START: 'START_TIMEOUT',
  HEARTBEAT: 'HEARTBEAT_TIMEOUT',
  STOP: 'STOP_TIMEOUT',
} as const;
const TIMERS = ['START', 'HEARTBEAT', 'STOP', 'AUTO_STOP'] as const;
const FINAL = new Set(['ENDED', 'ABNORMAL']);

/**
 * The in-memory e-bike session of one workflow run: core's e-bike order state, the armed timers, the
 * highest power seen and the device time durations count from. Every input goes through
 * `transitionEbikeOrder`; the stops it requests by itself come from core's `ebikeStopReason`.
 * Readings get their duration here: device time since the start report (e-bike boxes report energy
 * per session, counting from the start report's meter, 0 when it carries none). No Temporal, no I/O.
 */
export class EbikeChargingSession {
  private readonly timers: Partial<Record<EbikeTimer, number>>;
  private readonly work: SessionWork[] = [];
  private readonly pricer: SessionPricer;
  private readonly settlingPricer: SessionPricer;
  private readonly thresholdS: number;
  private readonly amount: Fen | undefined;
  private capturedBill: Bill | undefined;
  private finalBill: Bill | undefined;
  private anchorAt: number | undefined;
  private maxPowerW: number;
  private inputsThisRun = 0;

  /** Workflow time of the last change. */
  public updatedAt: number;
  /** Runs so far (1 for the first, +1 per continue-as-new). */
  public readonly runs: number;

  private constructor(
    private readonly input: EbikeSessionInput,
    tariff: EbikeTariff,
    private order: EbikeOrderState,
    carry: Omit<EbikeCarryOver, 'order'>,
  ) {
    this.timers = { ...carry.timers };
    this.anchorAt = carry.anchorAt;
    this.maxPowerW = carry.maxPowerW;
    this.updatedAt = carry.updatedAt;
    this.runs = carry.runs;
    this.thresholdS = tariff.autoStopMinutes * 60;
    this.amount =
      input.autoStopAmount ??
      (input.socketMaxPowerW === undefined ? undefined : ebikeAutoStopAmount(tariff, input.socketMaxPowerW));
    this.pricer = createEbikePricer(tariff, () => this.maxPowerW, this.amount);
    this.settlingPricer = createEbikePricer(
      tariff,
      () => this.maxPowerW,
      this.amount,
      (bill) => {
        this.capturedBill = bill;
      },
    );
  }

  /** ORD-1, ORD-8: creates the order (CHARGING, start unconfirmed; start command and timer queued) or the precondition error. */
  public static start(
    input: EbikeSessionInput,
    tariff: EbikeTariff,
    now: number,
  ): Result<EbikeChargingSession> {
    const { assets } = input.preconditions;
    const created = createEbikeOrder({
      orderNo: input.orderNo,
      stationId: input.stationId,
      startWay: input.startWay,
      funding: input.funding,
      assets: {
        stationEnabled: assets.stationEnabled,
        areaEnabled: assets.areaEnabled,
        chargerEnabled: assets.deviceEnabled,
        connectorEnabled: assets.socketEnabled,
      },
      tariff: { tariffId: tariff.id, version: tariff.version },
      ...(input.preconditions.prepayPaid === undefined ? {} : { prepayPaid: input.preconditions.prepayPaid }),
      ...(input.preconditions.card === undefined ? {} : { card: input.preconditions.card }),
      target: { chargerSerial: input.deviceSerial, connectorNo: String(input.socketNo) },
      timeouts: input.timeouts,
      at: now,
    });
    if (!created.ok) return created;
    const session = new EbikeChargingSession(input, tariff, created.value.state, {
      timers: {},
      maxPowerW: 0,
      updatedAt: now,
      runs: 1,
    });
    session.absorb(created.value.state, created.value.effects, now, true);
    return { ok: true, value: session };
  }

  /** Resumes a session carried over by continue-as-new. */
  public static resume(
    input: EbikeSessionInput,
    tariff: EbikeTariff,
    carry: EbikeCarryOver,
  ): EbikeChargingSession {
    return new EbikeChargingSession(input, tariff, carry.order, { ...carry, runs: carry.runs + 1 });
  }

  /** The core order state. */
  public get state(): EbikeOrderState {
    return this.order;
  }

  /** True once ENDED or ABNORMAL. */
  public get isFinal(): boolean {
    return FINAL.has(this.order.status);
  }

  /** Inputs handled in this run. */
  public get inputCount(): number {
    return this.inputsThisRun;
  }

  /** The bill of the settlement, once settled with a reading. */
  public get bill(): Bill | undefined {
    return this.finalBill;
  }

  /** True when work is queued. */
  public get hasWork(): boolean {
    return this.work.length > 0;
  }

  /** Takes the queued work (activities to run, in order). */
  public takeWork(): SessionWork[] {
    return this.work.splice(0, this.work.length);
  }

  /**
   * ORD-5: checks an operator end's entered duration against the time the session has run
   * (workflow time since the start confirmation), before it is applied.
   */
  public checkOperatorEnd(durationS: number | undefined, now: number): Result<number | undefined> {
    if (durationS === undefined) return { ok: true, value: undefined };
    const since = this.order.startedAt ?? this.order.createdAt;
    return checkEnteredDuration(durationS, Math.floor((now - since) / 1000));
  }

  /** One order event. Device readings get their session duration first; a sample may add the stop core's limits call for. */
  public apply(event: EbikeOrderEvent): Result<EbikeOrderState, DomainError> {
    this.inputsThisRun += 1;
    const fed = this.withDuration(event);
    this.capturedBill = undefined;
    const step = transitionEbikeOrder(this.order, fed, this.settlingPricer);
    if (!step.ok) return step;
    const changed = step.value.state.status !== this.order.status;
    this.absorb(step.value.state, step.value.effects, event.at, changed);
    if (fed.kind === 'METER_SAMPLE') this.stopAtLimits(fed.at);
    return { ok: true, value: this.order };
  }

  /** The earliest armed timer deadline, if any. */
  public nextDeadline(): number | undefined {
    const deadlines = Object.values(this.timers).filter((d): d is number => d !== undefined);
    return deadlines.length === 0 ? undefined : Math.min(...deadlines);
  }

  /** Fires every timer due at `now`: core's as their *_TIMEOUT event, the threshold as an AUTO_STOP request. */
  public fireDueTimers(now: number): void {
    for (const timer of TIMERS) {
      const deadline = this.timers[timer];
      if (deadline === undefined || deadline > now) continue;
      delete this.timers[timer];
      const eventId = `timeout:${timer}:${deadline}`;
      if (timer === 'AUTO_STOP') this.requestStop('AUTO_STOP', eventId, now);
      else this.apply({ eventId, at: now, kind: TIMEOUT_KIND[timer] });
    }
  }

  /** The live view for the `liveStatus` query. */
  public liveStatus(): EbikeLiveStatus {
    const s = this.order;
    const last = s.lastMeter;
    return {
      orderNo: s.orderNo,
      status: s.status,
      socketNo: this.input.socketNo,
      durationS: last === undefined ? 0 : Math.max(0, (last.durationS ?? 0) - (s.startMeter?.durationS ?? 0)),
      energyWh: last === undefined ? 0 : Math.max(0, last.energyWh - (s.startMeter?.energyWh ?? 0)),
      maxPowerW: this.maxPowerW,
      feeEstimate: s.settlement?.fee ?? (last === undefined ? ZERO_FEN : this.estimate(last)),
      createdAt: s.createdAt,
      updatedAt: this.updatedAt,
      runs: this.runs,
      ...(last === undefined ? {} : { lastMeter: last }),
      ...(s.startedAt === undefined ? {} : { startedAt: s.startedAt }),
      ...(s.stopReason === undefined ? {} : { stopReason: s.stopReason }),
      ...(s.abnormalReason === undefined ? {} : { abnormalReason: s.abnormalReason }),
      ...(s.settlement === undefined ? {} : { settlement: s.settlement }),
    };
  }

  /** What continue-as-new carries (queued work must be drained first). */
  public carryOver(): EbikeCarryOver {
    return {
      order: this.order,
      timers: { ...this.timers },
      ...(this.anchorAt === undefined ? {} : { anchorAt: this.anchorAt }),
      maxPowerW: this.maxPowerW,
      updatedAt: this.updatedAt,
      runs: this.runs,
    };
  }

  private requestStop(reason: StopReason, eventId: string, at: number): void {
    if (this.isFinal || this.order.stopReason !== undefined) return;
    this.apply({ eventId, at, kind: 'STOP_REQUESTED', reason });
  }

  /** TAR-6…TAR-10 auto-stop, ORD-4 funds: after a sample, the stop core's e-bike limits call for. */
  private stopAtLimits(at: number): void {
    const s = this.order;
    if (s.lastMeter === undefined || s.stopReason !== undefined || this.isFinal) return;
    const durationS = (s.lastMeter.durationS ?? 0) - (s.startMeter?.durationS ?? 0);
    const reason = ebikeStopReason(
      s.funding,
      { thresholdS: this.thresholdS, ...(this.amount === undefined ? {} : { autoStopAmount: this.amount }) },
      durationS,
      this.uncappedEstimate(s.lastMeter),
    );
    if (reason !== undefined) this.requestStop(reason, `limit:${reason}:${s.lastMeter.at}`, at);
  }

  /** The session reading of a device report: duration = device time since the anchor, in whole seconds. */
  private reading(meter: SessionReading): SessionReading {
    if (this.anchorAt === undefined) this.anchorAt = meter.at;
    if (meter.powerW !== undefined && meter.powerW > this.maxPowerW) this.maxPowerW = meter.powerW;
    return { ...meter, durationS: Math.max(0, Math.floor((meter.at - this.anchorAt) / 1000)) };
  }

  private withDuration(event: EbikeOrderEvent): EbikeOrderEvent {
    switch (event.kind) {
      case 'START_ACCEPTED': {
        // The start report anchors the session's duration (unless a sample came first); no meter = 0 Wh.
        return { ...event, meter: this.reading(event.meter ?? { at: event.at, energyWh: 0 }) };
      }
      case 'METER_SAMPLE':
        return { ...event, meter: this.reading(event.meter) };
      case 'STOPPED':
        return event.meter === undefined ? event : { ...event, meter: this.reading(event.meter) };
      default:
        return event;
    }
  }

  private estimate(end: SessionReading): Fen {
    const start = this.order.startMeter;
    return this.pricer({ ...(start === undefined ? {} : { start }), end, funding: this.order.funding }).total;
  }

  private uncappedEstimate(end: SessionReading): Fen {
    const start = this.order.startMeter;
    return this.pricer({
      ...(start === undefined ? {} : { start }),
      end,
      funding: { kind: 'PLATFORM' },
    }).uncappedTotal;
  }

  private absorb(
    state: EbikeOrderState,
    effects: readonly OrderEffect[],
    at: number,
    changed: boolean,
  ): void {
    const before = this.order;
    this.order = state;
    if (state !== before || effects.length > 0) this.updatedAt = at;
    if (changed) this.work.push({ type: 'RECORD_PROGRESS', progress: this.progress(at) });
    if (!before.startConfirmed && state.startConfirmed && this.timers.AUTO_STOP === undefined)
      this.timers.AUTO_STOP = at + this.thresholdS * 1000;
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
    if (this.isFinal) for (const timer of TIMERS) delete this.timers[timer];
  }

  private progress(at: number): OrderProgress {
    const s = this.order;
    return {
      tenantId: this.input.tenantId,
      orderNo: s.orderNo,
      status: s.status,
      at,
      ...(s.startedAt === undefined ? {} : { startedAt: s.startedAt }),
      ...(s.startMeter === undefined ? {} : { startMeter: s.startMeter }),
      ...(s.lastMeter === undefined ? {} : { lastMeter: s.lastMeter }),
    };
  }
}

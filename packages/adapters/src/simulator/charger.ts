import type { DeviceCommand, DeviceEvent } from '@chargeflow/core';
import { integrateCharge, type ChargeState, type PowerCurve } from './power-curve.js';
import { CHARGER_PROFILES, type SimulatorSettings } from './settings.js';

interface Session {
  readonly orderNo: string;
  readonly connectorNo: number;
  /** This connector's power curve (the profile's, or its socket's on an e-bike box). */
  readonly curve: PowerCurve;
  readonly startedAt: number;
  /** The register when the session started, Wh. */
  readonly startMeterWh: number;
  charge: ChargeState;
  at: number;
  nextSampleAt: number;
}

/** An event body: what the charger says, without the envelope it adds. */
type EventBody = DeviceEvent extends infer E
  ? E extends DeviceEvent
    ? Omit<E, 'eventId' | 'serialNo' | 'occurredAt'>
    : never
  : never;

type StartCommand = Extract<DeviceCommand, { type: 'START_CHARGING' }>;
type StopCommand = Extract<DeviceCommand, { type: 'STOP_CHARGING' }>;
/** A card swipe the platform refused, as the reader received it (CARD_REJECTED). */
export type CardRejection = Extract<DeviceCommand, { type: 'CARD_REJECTED' }>;

/**
 * One simulated charger (SPEC §14), pure: time comes in as arguments (simulated epoch ms) and ids
 * from `newId`, so a test drives a one-hour session in microseconds. Replies are idempotent: a
 * repeated command (same commandId, or the same order) gets the same events, same event ids.
 */
export class ChargerSimulation {
  private readonly sessions = new Map<number, Session>();
  private readonly replies = new Map<string, DeviceEvent[]>();
  private readonly byOrder = new Map<string, DeviceEvent>();
  private readonly curve: PowerCurve;
  private readonly voltageV: number;
  /** Each connector's lifetime energy register, Wh. */
  private readonly meters = new Map<number, number>();
  private nextHeartbeatAt: number;
  /** Simulated time the first session started (the silence window counts from it). */
  firstStartAt: number | undefined;
  /** The swipes the platform refused, with its reason, in arrival order (what the reader shows). */
  readonly rejections: CardRejection[] = [];

  constructor(
    readonly serialNo: string,
    private readonly settings: SimulatorSettings,
    private readonly newId: () => string,
    bootAt: number,
  ) {
    const profile = CHARGER_PROFILES[settings.profile];
    this.curve = profile;
    this.voltageV = profile.voltageV;
    this.nextHeartbeatAt = bootAt + settings.heartbeatIntervalMs;
  }

  /** Connectors charging now. */
  get charging(): number {
    return this.sessions.size;
  }

  /** Answers a command addressed to this charger (plus whatever periodic events were due by `now`). */
  handle(command: DeviceCommand, now: number): DeviceEvent[] {
    const due = this.advance(now);
    const previous = this.replies.get(command.commandId);
    if (previous !== undefined) return [...due, ...previous];
    let reply: DeviceEvent[] = [];
    if (command.type === 'START_CHARGING') reply = this.start(command, now);
    else if (command.type === 'STOP_CHARGING') reply = this.stop(command, now);
    else if (command.type === 'CARD_REJECTED') this.rejections.push(command);
    this.replies.set(command.commandId, reply);
    return [...due, ...reply];
  }

  /** A card held to the reader of `connectorNo` (CARD_SWIPED); the platform answers with a start or a refusal. */
  swipe(cardNo: string, connectorNo: number, now: number): DeviceEvent[] {
    return [...this.advance(now), this.event(now, { type: 'CARD_SWIPED', connectorNo, cardNo })];
  }

  /** The meter samples and heartbeats due up to `now`, and an AUTO_STOP when a battery is full. */
  advance(now: number): DeviceEvent[] {
    const events: DeviceEvent[] = [];
    for (;;) {
      const nextSample = Math.min(...[...this.sessions.values()].map((s) => s.nextSampleAt));
      const next = Math.min(nextSample, this.nextHeartbeatAt);
      if (next > now) break;
      if (next === this.nextHeartbeatAt) {
        events.push(this.event(next, { type: 'HEARTBEAT' }));
        this.nextHeartbeatAt += this.settings.heartbeatIntervalMs;
        continue;
      }
      for (const session of this.sessions.values()) {
        if (session.nextSampleAt !== next) continue;
        this.integrate(session, next);
        session.nextSampleAt += this.settings.sampleIntervalMs;
        events.push(this.sample(session, next));
        if (this.settings.stopWhenFull && session.charge.soc >= 100) {
          events.push(...this.finish(session, next, 'AUTO_STOP'));
        }
      }
    }
    return events;
  }

  private start(command: StartCommand, now: number): DeviceEvent[] {
    const repeated = this.byOrder.get(`start:${command.orderNo}`);
    if (repeated !== undefined) return [repeated];
    const base = { connectorNo: command.connectorNo, orderNo: command.orderNo };
    const busy = this.sessions.get(command.connectorNo);
    if (this.settings.rejectStarts || busy !== undefined) {
      const reason = busy === undefined ? this.settings.rejectReason : `connector busy with ${busy.orderNo}`;
      return [this.event(now, { type: 'START_REJECTED', ...base, reason })];
    }
    const startMeterWh = this.meters.get(command.connectorNo) ?? this.settings.initialMeterWh;
    this.sessions.set(command.connectorNo, {
      ...base,
      curve: this.curveOf(command.connectorNo),
      startedAt: now,
      startMeterWh,
      charge: { sinceStartMs: 0, energyWh: 0, soc: this.settings.initialSoc, powerW: 0 },
      at: now,
      nextSampleAt: now + this.settings.sampleIntervalMs,
    });
    this.firstStartAt ??= now;
    const accepted = this.event(now, { type: 'START_ACCEPTED', ...base, meterWh: startMeterWh });
    this.byOrder.set(`start:${command.orderNo}`, accepted);
    return [accepted, ...this.status(command.connectorNo, 'CHARGING', now)];
  }

  /** A connector's own curve: its socket's on an e-bike box (`sockets`), otherwise the profile's. */
  curveOf(connectorNo: number): PowerCurve {
    const socket = this.settings.sockets?.[connectorNo - 1];
    if (socket === undefined) return this.curve;
    const { maxPowerW, rampMs, taperFromSoc, floorFraction } = socket;
    return {
      maxPowerW,
      rampMs,
      ...(taperFromSoc === undefined ? {} : { taperFromSoc }),
      ...(floorFraction === undefined ? {} : { floorFraction }),
    };
  }

  /** CONNECTOR_STATUS, when the box reports socket states (`reportSocketStatus`). */
  private status(connectorNo: number, status: 'CHARGING' | 'AVAILABLE', at: number): DeviceEvent[] {
    if (!this.settings.reportSocketStatus) return [];
    return [this.event(at, { type: 'CONNECTOR_STATUS', connectorNo, status })];
  }

  private stop(command: StopCommand, now: number): DeviceEvent[] {
    const stopped = this.byOrder.get(`stop:${command.orderNo}`);
    if (stopped !== undefined) return [stopped];
    const session = this.sessions.get(command.connectorNo);
    if (session === undefined || session.orderNo !== command.orderNo) return [];
    this.integrate(session, now);
    return this.finish(session, now, 'USER');
  }

  /** STOPPED (the reply a repeated stop gets again), then the socket's AVAILABLE status. */
  private finish(session: Session, at: number, reason: 'USER' | 'AUTO_STOP'): DeviceEvent[] {
    this.sessions.delete(session.connectorNo);
    this.meters.set(session.connectorNo, this.register(session));
    const stopped = this.event(at, {
      type: 'STOPPED',
      connectorNo: session.connectorNo,
      orderNo: session.orderNo,
      meterWh: this.register(session),
      reason,
    });
    this.byOrder.set(`stop:${session.orderNo}`, stopped);
    return [stopped, ...this.status(session.connectorNo, 'AVAILABLE', at)];
  }

  private integrate(session: Session, until: number): void {
    if (until <= session.at) return;
    session.charge = integrateCharge(
      session.curve,
      this.settings.batteryWh,
      session.charge,
      until - session.at,
    );
    session.at = until;
  }

  /** The integer register a session's meter shows: start + delivered, never decreasing. */
  private register(session: Session): number {
    return session.startMeterWh + Math.floor(session.charge.energyWh);
  }

  private sample(session: Session, at: number): DeviceEvent {
    const powerW = Math.round(session.charge.powerW);
    return this.event(at, {
      type: 'METER_SAMPLE',
      connectorNo: session.connectorNo,
      orderNo: session.orderNo,
      meterWh: this.register(session),
      powerW,
      voltageV: this.voltageV,
      currentA: Math.round((powerW / this.voltageV) * 10) / 10,
      soc: Math.floor(session.charge.soc),
    });
  }

  private event(at: number, body: EventBody): DeviceEvent {
    return {
      eventId: this.newId(),
      serialNo: this.serialNo,
      occurredAt: new Date(at).toISOString(),
      ...body,
    };
  }
}

import type { TariffRef } from '../billing/bill.js';
import type { Fen } from '../money/fen.js';
import type { Transition } from '../lifecycle/table.js';
import { ok, type Result } from '../shared/result.js';
import { CAR_ORDER_LIFECYCLE, type CarOrderStatus } from './car-order-table.js';
import { stepOnce } from './dedupe.js';
import { autoStopReason, isNewerReading, latestReading } from './meter.js';
import { settleWithMeter } from './settlement.js';
import { checkStartPreconditions, type StartPreconditions } from './start.js';
import type {
  AutoStopLimits,
  DeviceTarget,
  EndReason,
  Funding,
  SessionReading,
  OrderEffect,
  OrderTimeouts,
  SessionPricer,
  Settlement,
  StartWay,
  StopReason,
} from './types.js';

/** The car charging order as workflow state: plain data (no classes, no Maps), small and bounded. */
export interface CarOrderState {
  readonly orderNo: string;
  readonly status: CarOrderStatus;
  readonly target: DeviceTarget;
  readonly stationId: string;
  readonly startWay: StartWay;
  readonly funding: Funding;
  readonly tariff: TariffRef;
  readonly timeouts: OrderTimeouts;
  readonly limits: AutoStopLimits;
  readonly createdAt: number;
  /** Platform time of the last event heard from the device (drives the heartbeat timeout). */
  readonly lastSeenAt: number;
  readonly startedAt?: number;
  readonly startMeter?: SessionReading;
  readonly lastMeter?: SessionReading;
  readonly stopReason?: StopReason;
  readonly abnormalReason?: string;
  readonly settlement?: Settlement;
  /** Recent processed event ids (bounded), for de-duplication. */
  readonly seenEventIds: readonly string[];
}

/** Every event carries an id (de-duplication) and `at`, the platform time it happened (epoch ms). */
interface EventBase {
  readonly eventId: string;
  readonly at: number;
}

/** Events of a car charging order: device events (§14), timer firings and commands. */
export type CarOrderEvent = EventBase &
  (
    | { readonly kind: 'START_ACCEPTED'; readonly meter?: SessionReading }
    | { readonly kind: 'START_REJECTED'; readonly reason: string }
    | { readonly kind: 'START_TIMEOUT' }
    | { readonly kind: 'METER_SAMPLE'; readonly meter: SessionReading; readonly runningFee?: Fen }
    | { readonly kind: 'HEARTBEAT' }
    | { readonly kind: 'HEARTBEAT_TIMEOUT' }
    | { readonly kind: 'STOP_REQUESTED'; readonly reason: StopReason }
    | { readonly kind: 'STOPPED'; readonly meter?: SessionReading; readonly reason?: string }
    | { readonly kind: 'STOP_TIMEOUT' }
    | { readonly kind: 'OPERATOR_END'; readonly operatorId: string }
  );

/** What creating an order needs: ORD-1 preconditions plus the order's identity, device and timeouts. */
export interface CreateCarOrderInput extends StartPreconditions {
  readonly orderNo: string;
  readonly target: Omit<DeviceTarget, 'orderNo'>;
  readonly timeouts: OrderTimeouts;
  readonly limits?: AutoStopLimits;
  readonly at: number;
}

type Step = Result<Transition<CarOrderState, OrderEffect>>;

/** ORD-1: checks the preconditions and creates a STARTING order that sends the start command and arms the start timer. */
export function createCarOrder(input: CreateCarOrderInput): Step {
  const checked = checkStartPreconditions(input, input.at);
  if (!checked.ok) return checked;
  const target: DeviceTarget = { orderNo: input.orderNo, ...input.target };
  const state: CarOrderState = {
    orderNo: input.orderNo,
    status: 'STARTING',
    target,
    stationId: input.stationId,
    startWay: input.startWay,
    funding: input.funding,
    tariff: checked.value,
    timeouts: input.timeouts,
    limits: input.limits ?? {},
    createdAt: input.at,
    lastSeenAt: input.at,
    seenEventIds: [],
  };
  return ok({
    state,
    effects: [
      { type: 'SEND_START_COMMAND', ...target },
      {
        type: 'SCHEDULE_TIMEOUT',
        orderNo: input.orderNo,
        timer: 'START',
        at: input.at + input.timeouts.startMs,
      },
    ],
  });
}

/**
 * ORD-2…ORD-7: one step of a car order. A repeated event id is a no-op (same state, no effects);
 * the table decides allowed / ignored / forbidden (ORDER_ILLEGAL_TRANSITION with {from, event}).
 * `price` is called only when the order settles.
 */
export function transitionCarOrder(state: CarOrderState, event: CarOrderEvent, price: SessionPricer): Step {
  return stepOnce(CAR_ORDER_LIFECYCLE, state, event, (s, e) => apply(s, e, price));
}

function apply(s: CarOrderState, e: CarOrderEvent, price: SessionPricer): Step {
  const stop = (reason: EndReason): OrderEffect => ({ type: 'SEND_STOP_COMMAND', ...s.target, reason });
  switch (e.kind) {
    case 'START_ACCEPTED': {
      if (s.status === 'ABNORMAL') return ok({ state: s, effects: [stop('START_TIMEOUT')] });
      const startMeter = latestReading(s.startMeter, e.meter);
      return ok({
        state: {
          ...s,
          status: 'CHARGING',
          startedAt: e.at,
          lastSeenAt: e.at,
          ...(startMeter === undefined
            ? {}
            : { startMeter, lastMeter: latestReading(s.lastMeter, startMeter) ?? startMeter }),
        },
        effects: [heartbeatTimer(s, e.at)],
      });
    }
    case 'START_REJECTED':
    case 'START_TIMEOUT': {
      const endReason = e.kind === 'START_REJECTED' ? 'START_REJECTED' : 'START_TIMEOUT';
      const { settlement, effects } = settleWithMeter(
        { orderNo: s.orderNo, funding: s.funding, endReason, endedAt: e.at },
        price,
      );
      const abnormalReason = e.kind === 'START_REJECTED' ? e.reason : 'no reply within the start timeout';
      return ok({
        state: { ...s, status: 'ABNORMAL', abnormalReason, settlement },
        effects: e.kind === 'START_TIMEOUT' ? [stop('START_TIMEOUT'), ...effects] : effects,
      });
    }
    case 'METER_SAMPLE': {
      if (!isNewerReading(s.lastMeter, e.meter))
        return ok({ state: { ...s, lastSeenAt: Math.max(s.lastSeenAt, e.at) }, effects: [] });
      const seen = { ...s, lastMeter: e.meter, lastSeenAt: Math.max(s.lastSeenAt, e.at) };
      if (s.status === 'STARTING' || s.status === 'STOPPING') return ok({ state: seen, effects: [] });
      const reason = autoStopReason(s.funding, s.limits, s.startMeter, e.meter, e.runningFee);
      if (reason !== undefined) return requestStop(seen, reason, e.at);
      return ok({
        state: { ...seen, status: 'CHARGING' },
        effects: s.status === 'SUSPENDED' ? [heartbeatTimer(s, e.at)] : [],
      });
    }
    case 'HEARTBEAT':
      return ok({
        state: { ...s, status: 'CHARGING', lastSeenAt: Math.max(s.lastSeenAt, e.at) },
        effects: s.status === 'SUSPENDED' ? [heartbeatTimer(s, e.at)] : [],
      });
    case 'HEARTBEAT_TIMEOUT': {
      // A stale timer (the device spoke since it was armed) just re-arms at the new deadline.
      if (e.at - s.lastSeenAt < s.timeouts.heartbeatMs)
        return ok({ state: s, effects: [heartbeatTimer(s, s.lastSeenAt)] });
      return ok({ state: { ...s, status: 'SUSPENDED' }, effects: [] });
    }
    case 'STOP_REQUESTED':
      return requestStop(s, e.reason, e.at);
    case 'STOPPED':
      return complete(
        s,
        e.reason === undefined ? (s.stopReason ?? 'DEVICE') : deviceReason(s, e.reason),
        e.at,
        latestReading(s.lastMeter, e.meter),
        price,
        [],
      );
    case 'STOP_TIMEOUT':
      return complete(s, s.stopReason ?? 'STOP_TIMEOUT', e.at, s.lastMeter, price, []);
    case 'OPERATOR_END': {
      if (s.status === 'ABNORMAL') return ok({ state: { ...s }, effects: [] });
      const effects = s.status === 'STOPPING' ? [] : [stop('OPERATOR_END')];
      return complete(s, 'OPERATOR_END', e.at, s.lastMeter, price, effects);
    }
  }
}

function deviceReason(s: CarOrderState, reported: string): EndReason {
  if (s.stopReason !== undefined) return s.stopReason;
  return reported === 'AUTO_STOP' || reported === 'TARGET_REACHED' ? reported : 'DEVICE';
}

function heartbeatTimer(s: CarOrderState, from: number): OrderEffect {
  return {
    type: 'SCHEDULE_TIMEOUT',
    orderNo: s.orderNo,
    timer: 'HEARTBEAT',
    at: from + s.timeouts.heartbeatMs,
  };
}

function requestStop(s: CarOrderState, reason: StopReason, at: number): Step {
  return ok({
    state: { ...s, status: 'STOPPING', stopReason: reason },
    effects: [
      { type: 'SEND_STOP_COMMAND', ...s.target, reason },
      { type: 'SCHEDULE_TIMEOUT', orderNo: s.orderNo, timer: 'STOP', at: at + s.timeouts.stopMs },
    ],
  });
}

function complete(
  s: CarOrderState,
  endReason: EndReason,
  at: number,
  end: SessionReading | undefined,
  price: SessionPricer,
  before: readonly OrderEffect[],
): Step {
  const { settlement, effects } = settleWithMeter(
    {
      orderNo: s.orderNo,
      funding: s.funding,
      endReason,
      endedAt: at,
      ...(s.startMeter === undefined ? {} : { start: s.startMeter }),
      ...(end === undefined ? {} : { end }),
    },
    price,
  );
  const lastMeter = end ?? s.lastMeter;
  return ok({
    state: { ...s, status: 'COMPLETED', settlement, ...(lastMeter === undefined ? {} : { lastMeter }) },
    effects: [...before, ...effects],
  });
}

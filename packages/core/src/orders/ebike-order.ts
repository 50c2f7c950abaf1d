import type { Transition } from '../lifecycle/table.js';
import { ok, type Result } from '../shared/result.js';
import type { CarOrderEvent, CarOrderState, CreateCarOrderInput } from './car-order.js';
import { createCarOrder } from './car-order.js';
import { stepOnce } from './dedupe.js';
import { EBIKE_ORDER_LIFECYCLE, type EbikeOrderStatus } from './ebike-order-table.js';
import { autoStopReason, isNewerReading, latestReading } from './meter.js';
import { settleWithMeter } from './settlement.js';
import type { EndReason, SessionReading, OrderEffect, SessionPricer, StopReason } from './types.js';

/** ORD-8: the e-bike order as workflow state (the car shape with e-bike statuses and a start flag). */
export interface EbikeOrderState extends Omit<CarOrderState, 'status'> {
  readonly status: EbikeOrderStatus;
  /** Whether the device confirmed the start (the order is CHARGING from creation on). */
  readonly startConfirmed: boolean;
}

/** Events of an e-bike order: the car events; OPERATOR_END may carry a duration the operator enters (ORD-5). */
export type EbikeOrderEvent =
  | Exclude<CarOrderEvent, { readonly kind: 'OPERATOR_END' }>
  | {
      readonly eventId: string;
      readonly at: number;
      readonly kind: 'OPERATOR_END';
      readonly operatorId: string;
      readonly durationS?: number;
    };

type Step = Result<Transition<EbikeOrderState, OrderEffect>>;

/** ORD-1, ORD-8: checks the preconditions and creates a CHARGING (start unconfirmed) order with the start command and timer. */
export function createEbikeOrder(input: CreateCarOrderInput): Step {
  const created = createCarOrder(input);
  if (!created.ok) return created;
  return ok({
    state: { ...created.value.state, status: 'CHARGING', startConfirmed: false },
    effects: created.value.effects,
  });
}

/** ORD-2…ORD-8 for e-bikes: one step; repeated ids are no-ops; settles by the last duration or the one the operator enters. */
export function transitionEbikeOrder(
  state: EbikeOrderState,
  event: EbikeOrderEvent,
  price: SessionPricer,
): Step {
  return stepOnce(EBIKE_ORDER_LIFECYCLE, state, event, (s, e) => apply(s, e, price));
}

function apply(s: EbikeOrderState, e: EbikeOrderEvent, price: SessionPricer): Step {
  const stop = (reason: EndReason): OrderEffect => ({ type: 'SEND_STOP_COMMAND', ...s.target, reason });
  const heartbeat = (from: number): OrderEffect => ({
    type: 'SCHEDULE_TIMEOUT',
    orderNo: s.orderNo,
    timer: 'HEARTBEAT',
    at: from + s.timeouts.heartbeatMs,
  });
  switch (e.kind) {
    case 'START_ACCEPTED': {
      if (s.status === 'ABNORMAL') return ok({ state: s, effects: [stop('START_TIMEOUT')] });
      if (s.startConfirmed) return ok({ state: s, effects: [] });
      const startMeter = latestReading(s.startMeter, e.meter);
      const meters =
        startMeter === undefined
          ? {}
          : { startMeter, lastMeter: latestReading(s.lastMeter, startMeter) ?? startMeter };
      return ok({
        state: { ...s, startConfirmed: true, startedAt: e.at, lastSeenAt: e.at, ...meters },
        effects: [heartbeat(e.at)],
      });
    }
    case 'START_REJECTED':
    case 'START_TIMEOUT': {
      if (s.startConfirmed) return ok({ state: s, effects: [] });
      const endReason = e.kind;
      const { settlement, effects } = settleWithMeter(
        { orderNo: s.orderNo, funding: s.funding, endReason, endedAt: e.at },
        price,
      );
      const abnormalReason = e.kind === 'START_REJECTED' ? e.reason : 'no reply within the start timeout';
      return ok({
        state: { ...s, status: 'ABNORMAL', abnormalReason, settlement },
        effects: e.kind === 'START_TIMEOUT' ? [stop(endReason), ...effects] : effects,
      });
    }
    case 'METER_SAMPLE': {
      const lastSeenAt = Math.max(s.lastSeenAt, e.at);
      if (!isNewerReading(s.lastMeter, e.meter)) return ok({ state: { ...s, lastSeenAt }, effects: [] });
      const seen: EbikeOrderState = {
        ...s,
        status: 'CHARGING',
        lastMeter: e.meter,
        lastSeenAt,
        startConfirmed: true,
      };
      const effects = s.status === 'SUSPENDED' || !s.startConfirmed ? [heartbeat(e.at)] : [];
      const reason =
        s.stopReason === undefined
          ? autoStopReason(s.funding, s.limits, s.startMeter, e.meter, e.runningFee)
          : undefined;
      return reason === undefined ? ok({ state: seen, effects }) : requestStop(seen, reason, e.at, effects);
    }
    case 'HEARTBEAT':
      return ok({
        state: { ...s, status: 'CHARGING', lastSeenAt: Math.max(s.lastSeenAt, e.at) },
        effects: s.status === 'SUSPENDED' ? [heartbeat(e.at)] : [],
      });
    case 'HEARTBEAT_TIMEOUT':
      if (!s.startConfirmed) return ok({ state: s, effects: [] });
      if (e.at - s.lastSeenAt < s.timeouts.heartbeatMs)
        return ok({ state: s, effects: [heartbeat(s.lastSeenAt)] });
      return ok({ state: { ...s, status: 'SUSPENDED' }, effects: [] });
    case 'STOP_REQUESTED':
      return requestStop(s, e.reason, e.at, []);
    case 'STOPPED':
      return end(s, s.stopReason ?? 'DEVICE', e.at, latestReading(s.lastMeter, e.meter), price, []);
    case 'STOP_TIMEOUT':
      if (s.stopReason === undefined) return ok({ state: s, effects: [] });
      return end(s, s.stopReason, e.at, s.lastMeter, price, []);
    case 'OPERATOR_END': {
      if (s.status === 'ABNORMAL') return ok({ state: { ...s }, effects: [] });
      const entered: SessionReading | undefined =
        e.durationS === undefined
          ? s.lastMeter
          : {
              at: e.at,
              energyWh: s.lastMeter?.energyWh ?? 0,
              durationS: (s.startMeter?.durationS ?? 0) + e.durationS,
            };
      return end(s, 'OPERATOR_END', e.at, entered, price, [stop('OPERATOR_END')]);
    }
  }
}

function requestStop(
  s: EbikeOrderState,
  reason: StopReason,
  at: number,
  before: readonly OrderEffect[],
): Step {
  if (s.stopReason !== undefined) return ok({ state: s, effects: [] });
  return ok({
    state: { ...s, stopReason: reason },
    effects: [
      ...before,
      { type: 'SEND_STOP_COMMAND', ...s.target, reason },
      { type: 'SCHEDULE_TIMEOUT', orderNo: s.orderNo, timer: 'STOP', at: at + s.timeouts.stopMs },
    ],
  });
}

function end(
  s: EbikeOrderState,
  endReason: EndReason,
  at: number,
  endMeter: SessionReading | undefined,
  price: SessionPricer,
  before: readonly OrderEffect[],
): Step {
  const { settlement, effects } = settleWithMeter(
    {
      orderNo: s.orderNo,
      funding: s.funding,
      endReason,
      endedAt: at,
      ...(s.startMeter ? { start: s.startMeter } : {}),
      ...(endMeter ? { end: endMeter } : {}),
    },
    price,
  );
  return ok({
    state: { ...s, status: 'ENDED', settlement, ...(endMeter ? { lastMeter: endMeter } : {}) },
    effects: [...before, ...effects],
  });
}

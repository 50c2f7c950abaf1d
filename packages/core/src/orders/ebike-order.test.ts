import { describe, expect, it } from 'vitest';
import type { Bill } from '../billing/bill.js';
import { type Fen, fen } from '../money/fen.js';
import { pairsOf, verifyStep } from '../lifecycle/table.js';
import { prepay } from './car-order.fixtures.js';
import {
  EBIKE_ORDER_LIFECYCLE,
  type EbikeOrderEventKind,
  type EbikeOrderStatus,
} from './ebike-order-table.js';
import {
  createEbikeOrder,
  transitionEbikeOrder,
  type EbikeOrderEvent,
  type EbikeOrderState,
} from './ebike-order.js';
import type { SessionPricer } from './types.js';

/** 1 fen per started minute of delivered duration. */
const perMinute: SessionPricer = ({ start, end }) => {
  const seconds = (end.durationS ?? 0) - (start?.durationS ?? 0);
  const total = fen(Math.ceil(seconds / 60));
  const bill: Bill = { tariff: { tariffId: 'eb', version: 1 }, lines: [], uncappedTotal: total, total };
  return bill;
};

const created = (): EbikeOrderState => {
  const result = createEbikeOrder({
    orderNo: 'EO1',
    stationId: 'E1',
    startWay: 'APP',
    funding: prepay(500n),
    assets: { stationEnabled: true, areaEnabled: true, chargerEnabled: true, connectorEnabled: true },
    tariff: { tariffId: 'eb', version: 1 },
    prepayPaid: true,
    target: { chargerSerial: 'EB1', connectorNo: '3' },
    timeouts: { startMs: 30_000, heartbeatMs: 300_000, stopMs: 30_000 },
    at: 0,
  });
  if (!result.ok) throw result.error;
  return result.value.state;
};
const step = (s: EbikeOrderState, e: EbikeOrderEvent) => {
  const result = transitionEbikeOrder(s, e, perMinute);
  if (!result.ok) throw result.error;
  return result.value;
};
const confirmed = () =>
  step(
    step(created(), {
      eventId: 'a',
      at: 1_000,
      kind: 'START_ACCEPTED',
      meter: { at: 1_000, energyWh: 0, durationS: 0 },
    }).state,
    { eventId: 'm', at: 600_000, kind: 'METER_SAMPLE', meter: { at: 600_000, energyWh: 50, durationS: 599 } },
  ).state;

function stateIn(status: EbikeOrderStatus): EbikeOrderState {
  if (status === 'CHARGING') return confirmed();
  if (status === 'SUSPENDED')
    return step(confirmed(), { eventId: 'h', at: 900_000, kind: 'HEARTBEAT_TIMEOUT' }).state;
  if (status === 'ENDED') return step(confirmed(), { eventId: 'x', at: 700_000, kind: 'STOPPED' }).state;
  return step(created(), { eventId: 'r', at: 1_000, kind: 'START_REJECTED', reason: 'socket offline' }).state;
}
const eventOf = (kind: EbikeOrderEventKind): EbikeOrderEvent => {
  const base = { eventId: `e-${kind}`, at: 1_000_000 };
  if (kind === 'START_REJECTED') return { ...base, kind, reason: 'x' };
  if (kind === 'METER_SAMPLE')
    return { ...base, kind, meter: { at: 1_000_000, energyWh: 80, durationS: 999 } };
  if (kind === 'STOP_REQUESTED') return { ...base, kind, reason: 'USER' };
  if (kind === 'OPERATOR_END') return { ...base, kind, operatorId: 'op' };
  return { ...base, kind } as EbikeOrderEvent;
};

describe('e-bike order lifecycle (ORD-8)', () => {
  const all = [
    ...pairsOf(EBIKE_ORDER_LIFECYCLE, 'ALLOWED'),
    ...pairsOf(EBIKE_ORDER_LIFECYCLE, 'IGNORE'),
    ...pairsOf(EBIKE_ORDER_LIFECYCLE, 'FORBIDDEN'),
  ];
  it.each(all)('ORD-8 %s × %s follows the table', (status, kind) => {
    const from = stateIn(status);
    expect(from.status).toBe(status);
    expect(
      verifyStep(EBIKE_ORDER_LIFECYCLE, from, kind, transitionEbikeOrder(from, eventOf(kind), perMinute)),
    ).toBeUndefined();
  });

  it('ORD-5 operator end is allowed exactly from CHARGING, SUSPENDED, ABNORMAL', () => {
    const allowed = EBIKE_ORDER_LIFECYCLE.states.filter((s) =>
      Array.isArray(EBIKE_ORDER_LIFECYCLE.table[s].OPERATOR_END),
    );
    expect(allowed.sort()).toEqual(['ABNORMAL', 'CHARGING', 'SUSPENDED']);
  });

  it('ORD-8 ORD-2 a start failure before confirmation is ABNORMAL with the whole prepay returned', () => {
    const { state, effects } = step(created(), { eventId: 't', at: 30_000, kind: 'START_TIMEOUT' });
    expect(state.status).toBe('ABNORMAL');
    expect(effects.find((e) => e.type === 'RETURN_PREPAY')).toMatchObject({ amount: 500n });
  });

  it('ORD-8 a start timeout after confirmation changes nothing', () => {
    const charging = confirmed();
    expect(step(charging, { eventId: 't', at: 30_000, kind: 'START_TIMEOUT' }).state).toBe(charging);
  });

  it('ORD-5 operator end settles with the last reported duration', () => {
    const { state } = step(stateIn('SUSPENDED'), eventOf('OPERATOR_END'));
    expect(state.settlement).toMatchObject({ fee: 10n, prepayReturned: 490n, endReason: 'OPERATOR_END' });
  });

  it('ORD-5 operator end settles with a duration the operator enters', () => {
    const { state } = step(stateIn('CHARGING'), {
      eventId: 'oe',
      at: 2_000_000,
      kind: 'OPERATOR_END',
      operatorId: 'op',
      durationS: 3_600,
    });
    expect(state.settlement?.fee).toBe(60n as Fen);
  });

  it('ORD-4 a stop request sends the stop command once; the stop report ends the order', () => {
    const first = step(confirmed(), eventOf('STOP_REQUESTED'));
    expect(first.effects.map((e) => e.type)).toEqual(['SEND_STOP_COMMAND', 'SCHEDULE_TIMEOUT']);
    const again = step(first.state, { ...eventOf('STOP_REQUESTED'), eventId: 'again' } as EbikeOrderEvent);
    expect(again.effects).toEqual([]);
    const ended = step(first.state, eventOf('STOPPED'));
    expect(ended.state.settlement).toMatchObject({ endReason: 'USER', fee: 10n });
  });

  it('ORD-7 a second stop report on an ENDED order changes nothing', () => {
    const ended = stateIn('ENDED');
    expect(step(ended, { ...eventOf('STOPPED'), eventId: 'x2' } as EbikeOrderEvent).state).toBe(ended);
  });
});

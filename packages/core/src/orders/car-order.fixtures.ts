import type { Bill } from '../billing/bill.js';
import type { Card } from '../cards/types.js';
import { type Fen, ZERO_FEN, fen, minFen } from '../money/fen.js';
import { unwrap } from '../shared/result.js';
import { createCarOrder, transitionCarOrder, type CarOrderEvent, type CarOrderState } from './car-order.js';
import type { CarOrderEventKind, CarOrderStatus } from './car-order-table.js';
import { fundingCap } from './settlement.js';
import type { Funding, SessionPricer } from './types.js';

// Test fixtures for the car order (not exported from the package).

/** 1 CNY per kWh: 1 fen per 10 Wh delivered, capped at the funding like the tariff engine does. */
export const linearPricer: SessionPricer = ({ start, end, funding }) => {
  const uncapped = fen(Math.floor((end.energyWh - (start?.energyWh ?? 0)) / 10));
  const cap = fundingCap(funding);
  const total = cap === undefined ? uncapped : minFen(uncapped, cap);
  const bill: Bill = {
    tariff: { tariffId: 't1', version: 3 },
    lines: [],
    uncappedTotal: uncapped,
    total,
    ...(cap === undefined ? {} : { cap }),
  };
  return bill;
};

/** A paid prepay of `amount` fen. */
export const prepay = (amount: bigint = 5000n): Funding => ({
  kind: 'PREPAY',
  paymentNo: 'PAY1',
  prepay: amount as Fen,
});

/** An enabled card valid at S1 for t in [0, 10^9). */
export const testCard = (cardId: string): Card => ({
  cardId,
  productId: 'P1',
  printedNo: 'P-1',
  chipNo: 'IC-1',
  holderPhone: '13800000000',
  holderName: 'Li',
  issueType: 'DIRECT',
  validFrom: 0,
  validTo: 1_000_000_000,
  enabled: true,
  stationIds: ['S1'],
});

/** Creates a STARTING order at t = 0. */
export function startingOrder(funding: Funding = prepay()): CarOrderState {
  return unwrap(
    createCarOrder({
      orderNo: 'CO1',
      stationId: 'S1',
      startWay: funding.kind === 'PREPAY' ? 'APP' : funding.kind,
      funding,
      assets: { stationEnabled: true, areaEnabled: true, chargerEnabled: true, connectorEnabled: true },
      tariff: { tariffId: 't1', version: 3 },
      prepayPaid: true,
      ...(funding.kind === 'CARD' ? { card: testCard(funding.cardId) } : {}),
      target: { chargerSerial: 'SN1', connectorNo: '1' },
      timeouts: { startMs: 60_000, heartbeatMs: 180_000, stopMs: 60_000 },
      at: 0,
    }),
  ).state;
}

/** Applies events and returns the final state (throws on a rejected event). */
export function run(state: CarOrderState, events: readonly CarOrderEvent[]): CarOrderState {
  return events.reduce((s, e) => unwrap(transitionCarOrder(s, e, linearPricer)).state, state);
}

/** An order in the given status, reached through real events. */
export function orderIn(status: CarOrderStatus, funding: Funding = prepay()): CarOrderState {
  const start = startingOrder(funding);
  const charging: CarOrderEvent = {
    eventId: 'a',
    at: 1_000,
    kind: 'START_ACCEPTED',
    meter: { at: 1_000, energyWh: 1_000 },
  };
  const sample: CarOrderEvent = {
    eventId: 'm',
    at: 60_000,
    kind: 'METER_SAMPLE',
    meter: { at: 60_000, energyWh: 6_000 },
  };
  switch (status) {
    case 'STARTING':
      return start;
    case 'CHARGING':
      return run(start, [charging, sample]);
    case 'SUSPENDED':
      return run(start, [charging, sample, { eventId: 'h', at: 400_000, kind: 'HEARTBEAT_TIMEOUT' }]);
    case 'STOPPING':
      return run(start, [
        charging,
        sample,
        { eventId: 's', at: 70_000, kind: 'STOP_REQUESTED', reason: 'USER' },
      ]);
    case 'COMPLETED':
      return run(start, [
        charging,
        sample,
        { eventId: 'x', at: 80_000, kind: 'STOPPED', meter: { at: 80_000, energyWh: 9_000 } },
      ]);
    case 'ABNORMAL':
      return run(start, [{ eventId: 'r', at: 1_000, kind: 'START_REJECTED', reason: 'connector busy' }]);
  }
}

/** One event of each kind, later than every fixture event, with a fresh id. */
export function eventOf(kind: CarOrderEventKind, id = `e-${kind}`, at = 500_000): CarOrderEvent {
  const base = { eventId: id, at };
  switch (kind) {
    case 'START_ACCEPTED':
      return { ...base, kind };
    case 'START_REJECTED':
      return { ...base, kind, reason: 'rejected' };
    case 'METER_SAMPLE':
      return { ...base, kind, meter: { at, energyWh: 20_000 } };
    case 'STOP_REQUESTED':
      return { ...base, kind, reason: 'USER' };
    case 'STOPPED':
      return { ...base, kind, meter: { at, energyWh: 21_000 } };
    case 'OPERATOR_END':
      return { ...base, kind, operatorId: 'op1' };
    default:
      return { ...base, kind };
  }
}

/** Zero fen, for readability in assertions. */
export const NOTHING = ZERO_FEN;

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fen } from '../money/fen.js';
import { transitionCarOrder, type CarOrderEvent, type CarOrderState } from './car-order.js';
import { CAR_ORDER_EVENT_KINDS, type CarOrderStatus } from './car-order-table.js';
import { linearPricer, prepay, startingOrder } from './car-order.fixtures.js';
import type { OrderEffect } from './types.js';

const RANK: Record<CarOrderStatus, number> = {
  STARTING: 0,
  CHARGING: 1,
  SUSPENDED: 1,
  STOPPING: 2,
  COMPLETED: 3,
  ABNORMAL: 3,
};
const MONEY: readonly OrderEffect['type'][] = ['ORDER_SETTLED', 'RETURN_PREPAY', 'DEBIT_CARD'];

/** Random device events, timers and commands; ids come from a small pool so duplicates are common. */
const eventArb: fc.Arbitrary<CarOrderEvent> = fc
  .record({
    id: fc.integer({ min: 0, max: 15 }),
    kind: fc.constantFrom(...CAR_ORDER_EVENT_KINDS),
    at: fc.integer({ min: 0, max: 1_000_000 }),
    wh: fc.integer({ min: 0, max: 100_000 }),
    fee: fc.option(fc.bigInt({ min: 0n, max: 6_000n }), { nil: undefined }),
  })
  .map(({ id, kind, at, wh, fee }): CarOrderEvent => {
    const base = { eventId: `e${id}`, at };
    const meter = { at, energyWh: wh };
    switch (kind) {
      case 'START_ACCEPTED':
        return { ...base, kind, meter };
      case 'START_REJECTED':
        return { ...base, kind, reason: 'r' };
      case 'METER_SAMPLE':
        return { ...base, kind, meter, ...(fee === undefined ? {} : { runningFee: fee as Fen }) };
      case 'STOP_REQUESTED':
        return { ...base, kind, reason: 'USER' };
      case 'STOPPED':
        return { ...base, kind, meter };
      case 'OPERATOR_END':
        return { ...base, kind, operatorId: 'op' };
      default:
        return { ...base, kind };
    }
  });

function drive(state: CarOrderState, events: readonly CarOrderEvent[]) {
  const trace: { state: CarOrderState; effects: readonly OrderEffect[] }[] = [];
  let current = state;
  for (const event of events) {
    const result = transitionCarOrder(current, event, linearPricer);
    if (!result.ok) {
      expect(result.error.code).toBe('ORDER_ILLEGAL_TRANSITION');
      continue;
    }
    current = result.value.state;
    trace.push(result.value);
  }
  return { final: current, trace };
}

describe('car order under random event sequences (ORD-6, ORD-7)', () => {
  it('ORD-7 a completed order is settled exactly once and its fee never changes; nothing moves backwards', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        const { trace } = drive(startingOrder(prepay(5000n)), events);
        let rank = 0;
        let settlement: CarOrderState['settlement'];
        let energy = -1;
        let settledCount = 0;
        for (const { state, effects } of trace) {
          expect(RANK[state.status]).toBeGreaterThanOrEqual(rank);
          rank = RANK[state.status];
          if (settlement !== undefined) expect(state.settlement).toBe(settlement);
          settlement = state.settlement;
          expect(state.lastMeter?.energyWh ?? -1).toBeGreaterThanOrEqual(energy);
          energy = state.lastMeter?.energyWh ?? -1;
          settledCount += effects.filter((e) => e.type === 'ORDER_SETTLED').length;
        }
        expect(settledCount).toBeLessThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });

  it('ORD-6 fee + prepay return = prepay, both never negative', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 40 }),
        fc.bigInt({ min: 1n, max: 10_000n }),
        (events, amount) => {
          const { final } = drive(startingOrder(prepay(amount)), events);
          if (final.settlement === undefined) return;
          expect(final.settlement.fee + final.settlement.prepayReturned).toBe(amount);
          expect(final.settlement.fee >= 0n && final.settlement.prepayReturned >= 0n).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ORD-7 replaying every event again (duplicates, reordered) moves no money', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), fc.integer(), (events, seed) => {
        const { final } = drive(startingOrder(), events);
        if (final.settlement === undefined) return;
        const shuffled = [...events].sort((a, b) => ((a.at ^ seed) % 7) - ((b.at ^ seed) % 7));
        const replay = drive(final, shuffled);
        expect(replay.final.settlement).toBe(final.settlement);
        expect(replay.trace.flatMap((t) => t.effects).filter((e) => MONEY.includes(e.type))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

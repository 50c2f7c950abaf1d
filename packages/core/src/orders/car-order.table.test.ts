import { describe, expect, it } from 'vitest';
import { cellOf, pairsOf } from '../lifecycle/table.js';
import { transitionCarOrder } from './car-order.js';
import { CAR_ORDER_LIFECYCLE } from './car-order-table.js';
import { eventOf, linearPricer, orderIn } from './car-order.fixtures.js';

describe('car order transition table (ORD-2…ORD-7)', () => {
  it.each(pairsOf(CAR_ORDER_LIFECYCLE, 'ALLOWED'))(
    'ORD-2..5 allowed: %s × %s reaches a state the table names',
    (status, kind) => {
      const state = orderIn(status);
      expect(state.status).toBe(status);
      const result = transitionCarOrder(state, eventOf(kind), linearPricer);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(cellOf(CAR_ORDER_LIFECYCLE.table, status, kind)).toContain(result.value.state.status);
      expect(result.value.state.seenEventIds).toContain(`e-${kind}`);
    },
  );

  it.each(pairsOf(CAR_ORDER_LIFECYCLE, 'FORBIDDEN'))(
    'ORD-7 forbidden: %s × %s is ORDER_ILLEGAL_TRANSITION',
    (status, kind) => {
      const state = orderIn(status);
      const result = transitionCarOrder(state, eventOf(kind), linearPricer);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('ORDER_ILLEGAL_TRANSITION');
      expect(result.error.details).toEqual({ from: status, event: kind });
    },
  );

  it.each(pairsOf(CAR_ORDER_LIFECYCLE, 'IGNORE'))('ORD-7 late/stale: %s × %s is a no-op', (status, kind) => {
    const state = orderIn(status);
    const result = transitionCarOrder(state, eventOf(kind), linearPricer);
    expect(result).toEqual({ ok: true, value: { state, effects: [] } });
  });

  it('ORD-5 operator end is allowed exactly from STARTING, CHARGING, STOPPING, SUSPENDED, ABNORMAL', () => {
    const allowed = CAR_ORDER_LIFECYCLE.states.filter((s) =>
      Array.isArray(cellOf(CAR_ORDER_LIFECYCLE.table, s, 'OPERATOR_END')),
    );
    expect(allowed.sort()).toEqual(['ABNORMAL', 'CHARGING', 'STARTING', 'STOPPING', 'SUSPENDED']);
  });

  it('ORD-7 no allowed transition leaves COMPLETED or ABNORMAL', () => {
    for (const from of ['COMPLETED', 'ABNORMAL'] as const) {
      for (const kind of CAR_ORDER_LIFECYCLE.kinds) {
        const cell = cellOf(CAR_ORDER_LIFECYCLE.table, from, kind);
        if (Array.isArray(cell)) expect(cell).toEqual([from]);
      }
    }
  });
});

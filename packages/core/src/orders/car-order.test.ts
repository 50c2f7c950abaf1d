import { describe, expect, it } from 'vitest';
import type { Fen } from '../money/fen.js';
import { createCarOrder, transitionCarOrder, type CarOrderEvent } from './car-order.js';
import { eventOf, linearPricer, orderIn, prepay, run, startingOrder } from './car-order.fixtures.js';
import type { OrderEffect } from './types.js';

const step = (state: ReturnType<typeof orderIn>, event: CarOrderEvent) => {
  const result = transitionCarOrder(state, event, linearPricer);
  if (!result.ok) throw result.error;
  return result.value;
};
const ofType = <T extends OrderEffect['type']>(effects: readonly OrderEffect[], type: T) =>
  effects.filter((e): e is Extract<OrderEffect, { type: T }> => e.type === type);

describe('car order start (ORD-1)', () => {
  const base = {
    orderNo: 'CO1',
    stationId: 'S1',
    startWay: 'APP' as const,
    funding: prepay(),
    assets: { stationEnabled: true, areaEnabled: true, chargerEnabled: true, connectorEnabled: true },
    tariff: { tariffId: 't1', version: 1 },
    prepayPaid: true,
    target: { chargerSerial: 'SN1', connectorNo: '1' },
    timeouts: { startMs: 60_000, heartbeatMs: 180_000, stopMs: 60_000 },
    at: 1_000,
  };

  it('ORD-1 a valid app start sends the start command and arms the start timeout', () => {
    const result = createCarOrder(base);
    expect(result.ok && result.value.state.status).toBe('STARTING');
    expect(result.ok && result.value.effects).toEqual([
      { type: 'SEND_START_COMMAND', orderNo: 'CO1', chargerSerial: 'SN1', connectorNo: '1' },
      { type: 'SCHEDULE_TIMEOUT', orderNo: 'CO1', timer: 'START', at: 61_000 },
    ]);
  });

  it.each([
    [{ assets: { ...base.assets, connectorEnabled: false } }, 'ORDER_START_ASSET_DISABLED'],
    [{ assets: { ...base.assets, stationEnabled: false } }, 'ORDER_START_ASSET_DISABLED'],
    [{ tariff: undefined }, 'ORDER_START_NO_TARIFF'],
    [{ prepayPaid: false }, 'ORDER_START_PREPAY_NOT_PAID'],
    [{ startWay: 'CARD' as const }, 'ORDER_START_FUNDING_MISMATCH'],
  ])('ORD-1 refuses a start when a precondition fails (%o → %s)', (patch, code) => {
    const input = { ...base, ...patch } as Parameters<typeof createCarOrder>[0];
    const result = createCarOrder(input);
    expect(!result.ok && result.error.code).toBe(code);
  });

  it('ORD-1 a card start needs a usable card with balance', () => {
    const card = {
      cardId: 'C1',
      productId: 'P',
      printedNo: '1',
      chipNo: '2',
      holderPhone: 'x',
      holderName: 'y',
      issueType: 'DIRECT' as const,
      validFrom: 0,
      validTo: 10_000,
      enabled: true,
      stationIds: ['S1'],
    };
    const funding = { kind: 'CARD' as const, cardId: 'C1', balance: 100n as Fen };
    const input = { ...base, startWay: 'CARD' as const, funding, card };
    expect(createCarOrder(input).ok).toBe(true);
    const expired = createCarOrder({ ...input, at: 10_000 });
    expect(!expired.ok && expired.error.code).toBe('CARD_EXPIRED');
    const empty = createCarOrder({ ...input, funding: { ...funding, balance: 0n as Fen } });
    expect(!empty.ok && empty.error.code).toBe('ORDER_START_NO_BALANCE');
    const elsewhere = createCarOrder({ ...input, stationId: 'S2' });
    expect(!elsewhere.ok && elsewhere.error.code).toBe('CARD_STATION_NOT_BOUND');
  });
});

describe('car order session (ORD-2…ORD-6)', () => {
  it('ORD-2 a rejected start is ABNORMAL, costs nothing and returns the whole prepay', () => {
    const { state, effects } = step(startingOrder(prepay(5000n)), eventOf('START_REJECTED'));
    expect(state.status).toBe('ABNORMAL');
    expect(state.settlement?.fee).toBe(0n);
    expect(ofType(effects, 'RETURN_PREPAY')).toEqual([
      { type: 'RETURN_PREPAY', orderNo: 'CO1', paymentNo: 'PAY1', amount: 5000n },
    ]);
  });

  it('ORD-2 a start timeout is ABNORMAL, sends a defensive stop and returns the prepay', () => {
    const { state, effects } = step(startingOrder(), eventOf('START_TIMEOUT', 't', 60_000));
    expect(state.status).toBe('ABNORMAL');
    expect(effects.map((e) => e.type)).toEqual(['SEND_STOP_COMMAND', 'ORDER_SETTLED', 'RETURN_PREPAY']);
  });

  it('ORD-2 a start accepted after the timeout gets a stop command and no charge', () => {
    const abnormal = step(startingOrder(), eventOf('START_TIMEOUT', 't', 60_000)).state;
    const { state, effects } = step(abnormal, eventOf('START_ACCEPTED', 'late'));
    expect(state.settlement).toEqual(abnormal.settlement);
    expect(effects.map((e) => e.type)).toEqual(['SEND_STOP_COMMAND']);
  });

  it('ORD-3 heartbeat timeout suspends only after the device is silent for the timeout', () => {
    const charging = orderIn('CHARGING'); // last seen at 60 000, heartbeat 180 000
    const early = step(charging, { eventId: 'h1', at: 200_000, kind: 'HEARTBEAT_TIMEOUT' });
    expect(early.state.status).toBe('CHARGING');
    expect(early.effects).toEqual([
      { type: 'SCHEDULE_TIMEOUT', orderNo: 'CO1', timer: 'HEARTBEAT', at: 240_000 },
    ]);
    const late = step(charging, { eventId: 'h2', at: 240_000, kind: 'HEARTBEAT_TIMEOUT' });
    expect(late.state.status).toBe('SUSPENDED');
  });

  it('ORD-3 a suspended order resumes CHARGING when the device reports again', () => {
    const { state, effects } = step(orderIn('SUSPENDED'), eventOf('HEARTBEAT'));
    expect(state.status).toBe('CHARGING');
    expect(ofType(effects, 'SCHEDULE_TIMEOUT')[0]?.timer).toBe('HEARTBEAT');
  });

  it('ORD-3 ORD-7 a stale meter sample does not resume a SUSPENDED order', () => {
    const suspended = orderIn('SUSPENDED');
    const stale: CarOrderEvent = {
      eventId: 'st',
      at: 500_000,
      kind: 'METER_SAMPLE',
      meter: { at: 30_000, energyWh: 6_000 },
    };
    expect(step(suspended, stale).state.status).toBe('SUSPENDED');
    const fresh: CarOrderEvent = {
      eventId: 'fr',
      at: 500_000,
      kind: 'METER_SAMPLE',
      meter: { at: 500_000, energyWh: 7_000 },
    };
    expect(step(suspended, fresh).state.status).toBe('CHARGING');
  });

  it.each(['USER', 'OPERATOR', 'AUTO_STOP', 'TARGET_REACHED', 'PREPAY_EXHAUSTED'] as const)(
    'ORD-4 stop reason %s moves CHARGING to STOPPING with a stop command and a stop timeout',
    (reason) => {
      const { state, effects } = step(orderIn('CHARGING'), {
        eventId: 's',
        at: 70_000,
        kind: 'STOP_REQUESTED',
        reason,
      });
      expect(state.status).toBe('STOPPING');
      expect(state.stopReason).toBe(reason);
      expect(effects.map((e) => e.type)).toEqual(['SEND_STOP_COMMAND', 'SCHEDULE_TIMEOUT']);
    },
  );

  it('ORD-4 the core stops by itself when the running fee reaches the prepay', () => {
    const sample: CarOrderEvent = {
      eventId: 'm2',
      at: 90_000,
      kind: 'METER_SAMPLE',
      meter: { at: 90_000, energyWh: 9_000 },
      runningFee: 5000n as Fen,
    };
    const { state } = step(orderIn('CHARGING'), sample);
    expect(state.status).toBe('STOPPING');
    expect(state.stopReason).toBe('PREPAY_EXHAUSTED');
  });

  it('ORD-4 the core stops by itself when the target energy is reached', () => {
    const start = startingOrder();
    const limited = { ...start, limits: { targetEnergyWh: 4_000 } };
    const charging = run(limited, [
      { eventId: 'a', at: 1, kind: 'START_ACCEPTED', meter: { at: 1, energyWh: 1_000 } },
    ]);
    const { state } = step(charging, {
      eventId: 'm',
      at: 2,
      kind: 'METER_SAMPLE',
      meter: { at: 2, energyWh: 5_000 },
    });
    expect(state.stopReason).toBe('TARGET_REACHED');
  });

  it('ORD-4 ORD-6 the stop report completes and settles: fee from the bill, prepay rest returned', () => {
    const stopped: CarOrderEvent = {
      eventId: 'x',
      at: 80_000,
      kind: 'STOPPED',
      meter: { at: 80_000, energyWh: 13_340 },
    };
    const { state, effects } = step(orderIn('STOPPING', prepay(5000n)), stopped);
    expect(state.status).toBe('COMPLETED');
    expect(state.settlement).toMatchObject({
      fee: 1234n,
      prepayReturned: 3766n,
      endReason: 'USER',
      tariff: { tariffId: 't1', version: 3 },
    });
    expect(ofType(effects, 'RETURN_PREPAY')[0]?.amount).toBe(3766n);
  });

  it('ORD-6 the fee is capped at the prepay and nothing is returned when it is used up', () => {
    const stopped: CarOrderEvent = {
      eventId: 'x',
      at: 80_000,
      kind: 'STOPPED',
      meter: { at: 80_000, energyWh: 900_000 },
    };
    const { state, effects } = step(orderIn('STOPPING', prepay(5000n)), stopped);
    expect(state.settlement?.fee).toBe(5000n);
    expect(ofType(effects, 'RETURN_PREPAY')).toEqual([]);
  });

  it('ORD-6 a card order is debited by the fee with the order no.', () => {
    const card = { kind: 'CARD' as const, cardId: 'C9', balance: 300n as Fen };
    const { effects } = step(orderIn('CHARGING', card), {
      eventId: 'x',
      at: 80_000,
      kind: 'STOPPED',
      meter: { at: 80_000, energyWh: 9_000 },
    });
    expect(ofType(effects, 'DEBIT_CARD')).toEqual([
      { type: 'DEBIT_CARD', orderNo: 'CO1', cardId: 'C9', amount: 300n },
    ]);
  });

  it('ORD-5 operator end settles with the last reported meter and stops the device', () => {
    const { state, effects } = step(orderIn('SUSPENDED'), eventOf('OPERATOR_END'));
    expect(state.status).toBe('COMPLETED');
    expect(state.settlement).toMatchObject({
      fee: 500n,
      endReason: 'OPERATOR_END',
      finalMeter: { energyWh: 6_000 },
    });
    expect(effects[0]?.type).toBe('SEND_STOP_COMMAND');
  });

  it('ORD-5 operator end of a STARTING order without any reading costs nothing', () => {
    const { state } = step(orderIn('STARTING'), eventOf('OPERATOR_END'));
    expect(state.settlement).toMatchObject({ fee: 0n, prepayReturned: 5000n });
  });

  it('ORD-5 a stop timeout settles with the last meter', () => {
    const { state } = step(orderIn('STOPPING'), eventOf('STOP_TIMEOUT'));
    expect(state.status).toBe('COMPLETED');
    expect(state.settlement?.fee).toBe(500n);
  });
});

describe('car order idempotence (ORD-7)', () => {
  it('ORD-7 a repeated event id is a no-op returning the same state', () => {
    const once = step(orderIn('CHARGING'), eventOf('STOP_REQUESTED', 'dup'));
    const twice = transitionCarOrder(once.state, eventOf('STOP_REQUESTED', 'dup'), linearPricer);
    expect(twice).toEqual({ ok: true, value: { state: once.state, effects: [] } });
  });

  it('ORD-7 a meter reading older or below the last is ignored', () => {
    const charging = orderIn('CHARGING');
    const older = step(charging, {
      eventId: 'o',
      at: 70_000,
      kind: 'METER_SAMPLE',
      meter: { at: 50_000, energyWh: 7_000 },
    });
    expect(older.state.lastMeter).toEqual(charging.lastMeter);
    const lower = step(charging, {
      eventId: 'l',
      at: 70_000,
      kind: 'METER_SAMPLE',
      meter: { at: 70_000, energyWh: 5_000 },
    });
    expect(lower.state.lastMeter).toEqual(charging.lastMeter);
  });

  it('ORD-7 a stop report with a lower meter settles with the higher last reading', () => {
    const stopped: CarOrderEvent = {
      eventId: 'x',
      at: 80_000,
      kind: 'STOPPED',
      meter: { at: 80_000, energyWh: 2_000 },
    };
    const { state } = step(orderIn('STOPPING'), stopped);
    expect(state.settlement?.finalMeter?.energyWh).toBe(6_000);
  });

  it('ORD-7 a second stop report on a COMPLETED order changes nothing', () => {
    const completed = orderIn('COMPLETED');
    const again = step(completed, {
      eventId: 'x2',
      at: 90_000,
      kind: 'STOPPED',
      meter: { at: 90_000, energyWh: 99_000 },
    });
    expect(again.state).toBe(completed);
    expect(again.effects).toEqual([]);
  });
});

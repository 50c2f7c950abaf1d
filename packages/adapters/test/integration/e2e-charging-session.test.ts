// Issue 6, end to end on the REAL services: the Temporal client starts a charging session (as the
// API does), the workflow's start command goes out over Kafka, a simulated charger answers, the
// ingestion finds the serial's tenant in the device registry and routes its events into the workflow
// and its samples into MongoDB, and the settlement, bill lines and PREPAY_RETURN refund land in the
// tenant's own MariaDB database. The worker is wired for every tenant (issue 10); one tenant here.
// Own platform and tenant databases, topics, groups and task queue.
import { parseCarTariff, priceCarSession, type DeviceEvent, type MeterReading } from '@chargeflow/core';
import { liveStatusQuery, requestStopUpdate, type ChargingSessionInput } from '@chargeflow/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '../../src/kafka/dead-letter.js';
import { createDeviceProducer } from '../../src/kafka/producer.js';
import {
  E2E_PREPAY as PREPAY,
  E2E_TARIFF as TARIFF,
  SIMULATED,
  expectBillByHand,
  ofOrder,
  openE2eOrder,
  reading,
  startSession,
} from './fixtures/e2e-session.js';
import { settledRefundsOf, startE2eStack, waitUntil, type E2eStack } from './fixtures/e2e-stack.js';

let stack: E2eStack;
let seq = 0;

beforeAll(async () => {
  stack = await startE2eStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** Opens the next order of this file (what the API does). */
const openOrder = (serial: string): Promise<ChargingSessionInput> => {
  seq += 1;
  return openE2eOrder(stack, serial, String(seq).padStart(3, '0'), {
    startMs: 30_000,
    heartbeatMs: 60_000,
    stopMs: 30_000,
  });
};
const start = (input: ChargingSessionInput) => startSession(stack, input);

/** Charges until ~4 kWh went in, then the user stops; returns the workflow's result. */
async function chargeAndStop(input: ChargingSessionInput) {
  const handle = await start(input);
  await waitUntil(
    () => stack.events.some((e) => e.type === 'METER_SAMPLE' && e.orderNo === input.orderNo && e.meterWh > 0),
    () => `no meter sample for ${input.orderNo}; events: ${stack.events.map((e) => e.type).join(',')}`,
  );
  for (;;) {
    const live = await handle.query(liveStatusQuery);
    if (live.status === 'CHARGING' && live.energyWh >= 4000) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await handle.executeUpdate(requestStopUpdate, {
    args: [{ by: 'USER', requestId: `${input.orderNo}-stop` }],
  });
  return handle.result();
}

describe('first end-to-end charging session (issue 6; real MariaDB, Temporal, Kafka, FerretDB)', () => {
  it('ORD-2/4/6, TAR-4: start → simulated charger over Kafka → COMPLETED; the stored bill is core pricing over the reported readings, settled once, prepay − fee returned', async () => {
    const serial = `E2E-A-${stack.run}`;
    await stack.startSimulator(serial, SIMULATED);
    const input = await openOrder(serial);
    const result = await chargeAndStop(input);
    expect(result.status).toBe('COMPLETED');

    // The readings: start and stop from the device's events, the samples from telemetry in MongoDB.
    await waitUntil(
      () => ofOrder(stack, input.orderNo, 'STOPPED').length > 0,
      () => 'tap never saw STOPPED',
    );
    const samples = await stack.telemetry.samplesForOrder(input.orderNo);
    expect(samples.map((s) => s.eventId)).toEqual(
      ofOrder(stack, input.orderNo, 'METER_SAMPLE').map((e) => e.eventId),
    );
    expect(samples.length).toBeGreaterThan(10);
    const readings: MeterReading[] = [
      reading(ofOrder(stack, input.orderNo, 'START_ACCEPTED')[0]!),
      ...samples.map((s) => ({ at: Date.parse(s.occurredAt), wh: s.meterWh })),
      reading(ofOrder(stack, input.orderNo, 'STOPPED')[0]!),
    ];
    const tariff = parseCarTariff(TARIFF);
    if (!tariff.ok) throw tariff.error;
    const expected = priceCarSession(tariff.value, readings, { timeZone: 'Asia/Shanghai', cap: PREPAY });
    expect(expected.lines.map((l) => l.band)).toContain('PEAK');
    expectBillByHand(result.bill!, readings.at(-1)!.wh - readings[0]!.wh);

    expect(result.bill).toEqual(expected);
    expect(await stack.orders.getBill(input.orderNo)).toEqual(expected);
    const order = await stack.orders.get(input.orderNo);
    expect(order).toMatchObject({
      status: 'COMPLETED',
      settlementCount: 1,
      fee: expected.total,
      prepayReturned: PREPAY - expected.total,
      endReason: 'USER',
      startMeterWh: readings[0]!.wh,
      endMeterWh: readings.at(-1)!.wh,
      energyWh: readings.at(-1)!.wh - readings[0]!.wh,
    });
    expect(expected.total).toBeGreaterThan(0n);

    const refunds = await settledRefundsOf(stack, input.orderNo);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({
      refundNo: `${input.orderNo}-PR`,
      type: 'PREPAY_RETURN',
      amount: PREPAY - expected.total,
      status: 'REFUNDED',
    });
  });

  it('SPEC §14: malformed, unknown-type and unregistered-device events go to the DLQ with reasons, a late event for a finished session is skipped, and the next session on the same charger still flows', async () => {
    const serial = `E2E-A-${stack.run}`; // same charger (same partition) as the finished session above
    const finished = `CH${stack.run}001`;
    const producer = createDeviceProducer(stack.kafka);
    await producer.connect();
    try {
      const late: DeviceEvent = {
        eventId: `late-${stack.run}`,
        serialNo: serial,
        occurredAt: new Date().toISOString(),
        type: 'METER_SAMPLE',
        connectorNo: 1,
        orderNo: finished,
        meterWh: 99_999_999,
        powerW: 0,
      };
      const raw = [
        'not json {',
        JSON.stringify({ eventId: 'u1', serialNo: serial, occurredAt: late.occurredAt, type: 'TELEPORTED' }),
        JSON.stringify({ ...late, eventId: 'bad-1', meterWh: -5 }),
        JSON.stringify(late),
      ];
      // A charger nobody registered (TEN-7: its events reach no tenant).
      const stranger = { ...late, eventId: 'x1', serialNo: `E2E-UNREG-${stack.run}` };
      await producer.send({
        topic: stack.topics.events,
        messages: [
          ...raw.map((value) => ({ key: serial, value })),
          { key: stranger.serialNo, value: JSON.stringify(stranger) },
        ],
      });
    } finally {
      await producer.disconnect();
    }

    const input = await openOrder(serial);
    const result = await chargeAndStop(input);
    expect(result.status).toBe('COMPLETED');
    expect((await stack.orders.get(input.orderNo)).settlementCount).toBe(1);
    // The late sample never touched the settled order.
    expect((await stack.orders.get(finished)).endMeterWh).toBeLessThan(99_999_999);

    await waitUntil(
      () => stack.dlq.length >= 4,
      () => `DLQ has ${stack.dlq.length}`,
    );
    const reason = (m: (typeof stack.dlq)[number]) => m.headers?.[DLQ_HEADERS.reason]?.toString();
    // The charger's own rejects, in its partition's order; the stranger's may be on another partition.
    const own = stack.dlq.filter((m) => m.key?.toString() === serial);
    expect(own.map(reason)).toEqual([
      'DEVICE_EVENT_MALFORMED',
      'DEVICE_EVENT_UNKNOWN_TYPE',
      'DEVICE_EVENT_MALFORMED',
    ]);
    expect(own[0]!.value?.toString()).toBe('not json {');
    expect(own[2]!.headers?.[DLQ_HEADERS.detail]?.toString()).toContain('meterWh');
    const strangers = stack.dlq.filter((m) => m.key?.toString() === `E2E-UNREG-${stack.run}`);
    expect(strangers.map(reason)).toEqual(['UNKNOWN_DEVICE']);
  });

  it('ORD-2: a rejected start ends ABNORMAL at no cost and the whole prepay is returned', async () => {
    const serial = `E2E-R-${stack.run}`;
    await stack.startSimulator(serial, { ...SIMULATED, rejectStarts: true });
    const input = await openOrder(serial);
    const result = await (await start(input)).result();
    expect(result.status).toBe('ABNORMAL');
    const order = await stack.orders.get(input.orderNo);
    expect(order).toMatchObject({ status: 'ABNORMAL', settlementCount: 1, fee: 0n, prepayReturned: PREPAY });
    const refunds = await settledRefundsOf(stack, input.orderNo);
    expect(refunds).toMatchObject([{ type: 'PREPAY_RETURN', amount: PREPAY, status: 'REFUNDED' }]);
  });
});

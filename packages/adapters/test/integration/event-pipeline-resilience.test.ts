// Issue 16 on the REAL services (Kafka, MariaDB, Temporal dev server, FerretDB): the batched device-
// event path (eachBatch → one signal per workflow per batch, signs of life coalesced, cached session
// look-up) settles exactly what a clean stream settles when every event arrives three times and
// shuffled within its partition. Its own stack: platform and tenant databases, topics, groups, task
// queue, all removed afterwards.
import type { DeviceEvent } from '@chargeflow/core';
import type { ChargingSessionResult } from '@chargeflow/workflows';
import { afterEach, describe, expect, it } from 'vitest';
import { shuffled } from '../../../workflows/test/support/device.js';
import { createDeviceProducer } from '../../src/kafka/producer.js';
import { openE2eOrder, signalledEvents, startSession } from './fixtures/e2e-session.js';
import { startE2eStack, waitUntil, type E2eStack } from './fixtures/e2e-stack.js';

let stack: E2eStack | undefined;
afterEach(async () => {
  const running = stack;
  stack = undefined;
  await running?.stop();
});

/**
 * One charger's session, all inside the 08:00–08:30 PEAK slot of the e2e tariff: START_ACCEPTED at
 * 10,000 Wh, samples every 5 minutes (+500 Wh), heartbeats between them, STOPPED at 12,000 Wh.
 */
function sessionEvents(serialNo: string, orderNo: string): { body: DeviceEvent[]; stopped: DeviceEvent } {
  const at = (minute: number) => `2024-05-10T08:${String(minute).padStart(2, '0')}:00+08:00`;
  const base = { serialNo, connectorNo: 1, orderNo };
  const body: DeviceEvent[] = [
    { ...base, eventId: `${orderNo}-a`, occurredAt: at(0), type: 'START_ACCEPTED', meterWh: 10_000 },
  ];
  for (const k of [1, 2, 3]) {
    body.push({ eventId: `${orderNo}-h${k}`, serialNo, occurredAt: at(5 * k - 2), type: 'HEARTBEAT' });
    body.push({
      ...base,
      eventId: `${orderNo}-s${k}`,
      occurredAt: at(5 * k),
      type: 'METER_SAMPLE',
      meterWh: 10_000 + 500 * k,
      powerW: 6000,
    });
  }
  const stopped: DeviceEvent = {
    ...base,
    eventId: `${orderNo}-z`,
    occurredAt: at(20),
    type: 'STOPPED',
    meterWh: 12_000,
    reason: 'USER',
  };
  return { body, stopped };
}

const json = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

describe('device events at network scale (issue 16; real Kafka, Temporal, MariaDB, FerretDB)', () => {
  it('ORD-7 (R2): sessions whose events arrive three times, shuffled within their partitions, settle the same bills as clean sessions: 310 fen each, settled once, 4,690 fen returned', async () => {
    stack = await startE2eStack();
    const s = stack;
    const producer = createDeviceProducer(s.kafka);
    await producer.connect();
    try {
      const timeouts = { startMs: 120_000, heartbeatMs: 600_000, stopMs: 120_000 };
      const sessions = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const serial = `R2-${s.run}-${i}`;
          await s.register(serial);
          const input = await openE2eOrder(
            s,
            serial,
            `R${String(i).padStart(2, '0')}`,
            timeouts,
            `cn-${serial}`,
          );
          return { input, handle: await startSession(s, input), noisy: i % 2 === 1 };
        }),
      );
      // Per charger: clean = the events once, in order; noisy = START_ACCEPTED, then every event ×3
      // shuffled, then STOPPED ×3 (a charger's stop report comes after its samples). The chargers'
      // streams are interleaved, so every partition carries several chargers at once.
      const streams = sessions.map(({ input, noisy }, i) => {
        const { body, stopped } = sessionEvents(input.chargerSerial, input.orderNo);
        if (!noisy) return [...body, stopped];
        return [body[0]!, ...shuffled([...body, ...body, ...body], 16 + i), stopped, stopped, stopped];
      });
      const longest = Math.max(...streams.map((stream) => stream.length));
      const messages = Array.from({ length: longest }, (_, k) =>
        streams.flatMap((stream) => stream[k] ?? []),
      ).flat();
      await producer.send({
        topic: s.topics.events,
        messages: messages.map((event) => ({ key: event.serialNo, value: JSON.stringify(event) })),
      });

      const results: ChargingSessionResult[] = await Promise.all(
        sessions.map(({ handle }) => handle.result()),
      );
      // 2,000 Wh in PEAK: energy 2 kWh × 0.95 = 1.90 CNY, service 2 kWh × 0.60 = 1.20 CNY → 310 fen.
      for (const result of results) {
        expect(result.status).toBe('COMPLETED');
        expect(result.bill?.total).toBe(310n);
        expect(result.settlement?.finalMeter?.energyWh).toBe(12_000);
      }
      const clean = results.filter((_, i) => !sessions[i]!.noisy).map((r) => json(r.bill));
      const noisy = results.filter((_, i) => sessions[i]!.noisy).map((r) => json(r.bill));
      expect(noisy).toEqual(clean);
      for (const { input } of sessions) {
        const order = await s.orders.get(input.orderNo);
        expect(order).toMatchObject({
          status: 'COMPLETED',
          settlementCount: 1,
          fee: 310n,
          prepayReturned: 4_690n,
        });
      }
    } finally {
      await producer.disconnect();
    }
  });

  it('ORD-7, ORD-3, TAR-4 (decision 0019): samples recorded and held back from the signals are billed at STOPPED: 1,800 Wh in PEAK and 300 Wh in VALLEY → 300 fen, not the 840/1,260 Wh split the start and stop readings alone would give', async () => {
    stack = await startE2eStack();
    const s = stack;
    const producer = createDeviceProducer(s.kafka);
    await producer.connect();
    try {
      const serial = `HELD-${s.run}`;
      await s.register(serial);
      const timeouts = { startMs: 120_000, heartbeatMs: 600_000, stopMs: 120_000 };
      const input = await openE2eOrder(s, serial, 'H01', timeouts, `cn-${serial}`);
      const handle = await startSession(s, input);
      const orderNo = input.orderNo;
      const base = { serialNo: serial, connectorNo: 1, orderNo };
      const at = (minute: number) => `2024-05-10T08:${String(minute).padStart(2, '0')}:00+08:00`;
      const send = (events: DeviceEvent[]) =>
        producer.send({
          topic: s.topics.events,
          messages: events.map((event) => ({ key: serial, value: JSON.stringify(event) })),
        });
      const query = async <T>(sql: string): Promise<T[]> =>
        s.tenantDb.em.getConnection().execute<T[]>(sql, [orderNo]);

      // 08:20 START_ACCEPTED at 10,000 Wh; the session publishes CHARGING and its watch (ORD-4).
      await send([
        { ...base, eventId: `${orderNo}-a`, occurredAt: at(20), type: 'START_ACCEPTED', meterWh: 10_000 },
      ]);
      let row: { status: string; watch_wh: unknown } | undefined;
      await waitUntil(
        () => row?.status === 'CHARGING' && row.watch_wh !== null,
        () => `the session never published CHARGING with a watch: ${JSON.stringify(row)}`,
        60_000,
        async () => {
          [row] = await query<{ status: string; watch_wh: unknown }>(
            'select status, watch_wh from charging_order where order_no = ?',
          );
        },
      );
      // Fast in PEAK (08:20–08:30: +1,800 Wh), slow in VALLEY (08:30–08:45: +300 Wh). Each sample is
      // far below the watch (the 50.00 prepay buys > 30 kWh), so the ingestion records and holds them.
      const meter: [number, number][] = [
        [25, 10_900],
        [30, 11_800],
        [35, 11_900],
        [40, 12_000],
      ];
      await send(
        meter.map(([minute, wh]) => ({
          ...base,
          eventId: `${orderNo}-s${minute}`,
          occurredAt: at(minute),
          type: 'METER_SAMPLE' as const,
          meterWh: wh,
          powerW: 6_000,
        })),
      );
      let recorded = 0;
      await waitUntil(
        () => recorded === meter.length,
        () => `${recorded} of ${meter.length} samples recorded`,
        60_000,
        async () => {
          recorded = (await query('select seq from session_sample where order_no = ?')).length;
        },
      );
      await send([
        {
          ...base,
          eventId: `${orderNo}-z`,
          occurredAt: at(45),
          type: 'STOPPED',
          meterWh: 12_100,
          reason: 'USER',
        },
      ]);
      const result = await handle.result();

      // None of the samples reached the session as a signal: it read them from session_sample.
      const signalled = await signalledEvents(handle);
      expect(signalled.map((event) => event.type)).toEqual(['START_ACCEPTED', 'STOPPED']);

      // PEAK 1.800 kWh: energy × 0.95 = 1.71, service × 0.60 = 1.08; VALLEY 0.300 kWh: energy × 0.30
      // = 0.09, service × 0.40 = 0.12; total 3.00 CNY = 300 fen; 50.00 − 3.00 = 47.00 returned.
      expect(result.status).toBe('COMPLETED');
      expect(
        result.bill?.lines.map((line) => [line.kind, line.band, line.quantity.value, line.amount]),
      ).toEqual([
        ['ENERGY', 'PEAK', '1.800', 171n],
        ['SERVICE', 'PEAK', '1.800', 108n],
        ['ENERGY', 'VALLEY', '0.300', 9n],
        ['SERVICE', 'VALLEY', '0.300', 12n],
      ]);
      expect(result.bill?.total).toBe(300n);
      expect(await s.orders.get(orderNo)).toMatchObject({
        status: 'COMPLETED',
        settlementCount: 1,
        fee: 300n,
        prepayReturned: 4_700n,
        energyWh: 2_100,
      });
    } finally {
      await producer.disconnect();
    }
  });
});

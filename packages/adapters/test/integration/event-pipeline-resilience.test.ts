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
import { openE2eOrder, startSession } from './fixtures/e2e-session.js';
import { startE2eStack, type E2eStack } from './fixtures/e2e-stack.js';

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
});

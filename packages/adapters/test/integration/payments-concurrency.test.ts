// Concurrent payments on the real MariaDB: simultaneous app starts must all record their prepay
// (PAY-1), and a repeated payment no. stays one row however many requests race for it.
import { fen } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import type { StationPaymentChannels } from '../../src/payments/station-channels.js';
import { PaymentEntity } from '../../src/persistence/entities/payments.js';
import { sandboxChannelsOver } from './fixtures/sandbox-payments.js';
import { openThrowawayDatabase, type ThrowawayDatabase } from '../../src/persistence/test-database.js';

const NOW = Date.parse('2026-03-10T04:00:00Z');
let db: ThrowawayDatabase;
let channel: StationPaymentChannels;

beforeAll(async () => {
  db = await openThrowawayDatabase(serviceEndpoints().DATABASE_URL, 'cf_paycc');
  ({ channels: channel } = sandboxChannelsOver(db.orm, () => NOW));
});

afterAll(async () => {
  await db?.drop();
});

describe('payments under concurrency on MariaDB (PAY-1)', () => {
  it('PAY-1 30 simultaneous payments with consecutive numbers all succeed (no deadlock)', async () => {
    const numbers = Array.from({ length: 30 }, (_, i) => String(i).padStart(6, '0'));
    const results = await Promise.allSettled(
      numbers.map((n) =>
        channel.pay({
          stationId: 'st-1',
          paymentNo: `PY20260310120000${n}`,
          orderNo: `CH20260310120000${n}`,
          amount: fen(5000),
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await db.orm.em.fork().count(PaymentEntity, { paymentNo: { $like: 'PY20260310120000%' } })).toBe(
      30,
    );
  });

  it('PAY-1 20 racing requests for one payment no. leave exactly one row, all answered with it', async () => {
    const request = {
      paymentNo: 'PY20260310130000000001',
      orderNo: 'CH20260310130000000001',
      amount: fen(7000),
      stationId: 'st-1',
    };
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => channel.pay(request)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await db.orm.em.fork().count(PaymentEntity, { paymentNo: request.paymentNo })).toBe(1);
  });

  it('PAY-1 the same payment no. with another amount is a conflict, not a second row', async () => {
    const request = {
      paymentNo: 'PY20260310140000000001',
      orderNo: 'CH20260310140000000001',
      amount: fen(7000),
      stationId: 'st-1',
    };
    await channel.pay(request);
    await expect(channel.pay({ ...request, amount: fen(7001) })).rejects.toMatchObject({
      code: 'PAYMENT_REQUEST_CONFLICT',
    });
    expect(await db.orm.em.fork().count(PaymentEntity, { paymentNo: request.paymentNo })).toBe(1);
  });
});

// The sandbox payment channels on the real MariaDB and on embedded SQLite: payments and refunds are
// recorded through core's rules; concurrent refunds never exceed what was paid (REF-1).
import { fen, isDomainError, type Settlement } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import type { StationPaymentChannels } from '../../src/payments/station-channels.js';
import { PaymentLedger } from '../../src/payments/payment-ledger.js';
import { ChargingOrderRepository } from '../../src/persistence/repositories/charging-order-repository.js';
import { sandboxChannelsOver } from './fixtures/sandbox-payments.js';
import { openThrowawayDatabase, type ThrowawayDatabase } from '../../src/persistence/test-database.js';

const NOW = Date.parse('2026-03-10T04:00:00Z');
const PAID = fen(10_000);

describe.each([
  ['MariaDB', () => serviceEndpoints().DATABASE_URL],
  ['SQLite (libsql)', () => 'sqlite' as const],
])('payments: sandbox channel on %s', (_name, server) => {
  let db: ThrowawayDatabase;
  let channel: StationPaymentChannels;
  let ledger: PaymentLedger;
  let orders: ChargingOrderRepository;
  let seq = 0;

  /** A paid order in `status` with `fee` settled (COMPLETED), or left unsettled (CHARGING). */
  const paidOrder = async (fee: bigint | 'UNSETTLED'): Promise<{ orderNo: string; paymentNo: string }> => {
    seq += 1;
    const orderNo = `CH20260310120000${String(seq).padStart(6, '0')}`;
    const paymentNo = `PY20260310120000${String(seq).padStart(6, '0')}`;
    await channel.pay({ stationId: 'st-1', paymentNo, orderNo, amount: PAID });
    await orders.create({
      orderNo,
      providerId: 'pv-1',
      propertyId: 'pp-1',
      stationId: 'st-1',
      chargerId: 'ch-1',
      chargerSerial: 'SN-1',
      connectorId: 'cn-1',
      connectorNo: '1',
      startWay: 'APP',
      funding: { kind: 'PREPAY', paymentNo, prepay: PAID },
      tariff: { tariffId: 'T', version: 1 },
      createdAt: NOW - 3_600_000,
    });
    if (fee !== 'UNSETTLED') {
      const settlement: Settlement = {
        fee: fen(fee),
        uncappedFee: fen(fee),
        prepayReturned: fen(PAID - fee),
        cardDebited: fen(0),
        endReason: 'USER',
        endedAt: NOW - 60_000,
      };
      await orders.recordSettlement(orderNo, settlement);
    }
    return { orderNo, paymentNo };
  };

  beforeAll(async () => {
    db = await openThrowawayDatabase(server(), 'cf_pay');
    ({ channels: channel } = sandboxChannelsOver(db.orm, () => NOW));
    ledger = new PaymentLedger(db.orm.em);
    orders = new ChargingOrderRepository(db.orm.em, () => NOW);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('PAY-1: a sandbox payment succeeds with a verified callback kept raw; paying again is idempotent', async () => {
    const receipt = await channel.pay({
      stationId: 'st-1',
      paymentNo: 'PY1',
      orderNo: 'CH1',
      amount: fen(3000),
    });
    expect(receipt).toMatchObject({
      channel: 'sandbox',
      status: 'PAY_SUCCESS',
      amount: 3000n,
      channelTxnId: 'SBX-PY1',
    });
    expect(
      await channel.pay({ stationId: 'st-1', paymentNo: 'PY1', orderNo: 'CH1', amount: fen(3000) }),
    ).toEqual(receipt);
    const stored = await ledger.getPayment('PY1');
    expect(JSON.parse(stored.rawCallback ?? '{}')).toMatchObject({
      kind: 'PAYMENT',
      no: 'PY1',
      channelNo: 'SBX-PY1',
      amountFen: '3000',
    });
    await expect(
      channel.pay({ stationId: 'st-1', paymentNo: 'PY1', orderNo: 'CH1', amount: fen(3001) }),
    ).rejects.toMatchObject({
      code: 'PAYMENT_REQUEST_CONFLICT',
    });
  });

  it('REF-1: 20 concurrent fee refunds of 30 % of the paid amount: exactly 3 succeed, never more than paid', async () => {
    const { orderNo, paymentNo } = await paidOrder(10_000n);
    const share = (PAID * 30n) / 100n;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        channel.refund({
          refundNo: `RF-${orderNo}-${i}`,
          orderNo,
          paymentNo,
          type: 'FEE_REFUND',
          amount: fen(share),
          operatorId: 'op-1',
          reason: 'complaint',
        }),
      ),
    );
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(accepted).toHaveLength(3);
    expect(refused.every((r) => isDomainError(r.reason, 'REFUND_EXCEEDS_LIMIT'))).toBe(true);
    const stored = await ledger.refundsOf(paymentNo);
    const total = stored.reduce((sum, r) => sum + r.amount, 0n);
    expect(total).toBeLessThanOrEqual(PAID);
    expect(total).toBe(3n * share);
    expect(stored.every((r) => r.status === 'REFUNDED' && r.channelRefundNo === `SBX-R-${r.refundNo}`)).toBe(
      true,
    );
    expect((await ledger.getPayment(paymentNo)).status).toBe('REFUNDED');
  });

  it('REF-1, REF-2: idempotent by refund no.; PREPAY_RETURN counts toward the limit; a conflicting repeat is refused', async () => {
    const { orderNo, paymentNo } = await paidOrder(6_000n);
    const prepayReturn = {
      refundNo: `RF-PR-${orderNo}`,
      orderNo,
      paymentNo,
      type: 'PREPAY_RETURN' as const,
      amount: fen(4_000),
    };
    const first = await channel.refund(prepayReturn);
    expect(first).toMatchObject({ status: 'REFUNDED', amount: 4000n, type: 'PREPAY_RETURN' });
    expect(await channel.refund(prepayReturn)).toEqual(first);
    expect(await ledger.refundsOf(paymentNo)).toHaveLength(1);
    await expect(channel.refund({ ...prepayReturn, amount: fen(1) })).rejects.toMatchObject({
      code: 'REFUND_REQUEST_CONFLICT',
    });

    const fee = {
      refundNo: `RF-FEE-${orderNo}`,
      orderNo,
      paymentNo,
      type: 'FEE_REFUND' as const,
      reason: 'goodwill',
    };
    await expect(channel.refund({ ...fee, amount: fen(6_001) })).rejects.toMatchObject({
      code: 'REFUND_EXCEEDS_LIMIT',
    });
    expect(await channel.refund({ ...fee, amount: fen(6_000) })).toMatchObject({ status: 'REFUNDED' });
    await expect(
      channel.refund({ ...fee, refundNo: `${fee.refundNo}-2`, amount: fen(1) }),
    ).rejects.toMatchObject({
      code: 'REFUND_EXCEEDS_LIMIT',
    });
  });

  it('REF-1: a fee refund needs a COMPLETED order; unknown payments are refused', async () => {
    const { orderNo, paymentNo } = await paidOrder('UNSETTLED');
    await expect(
      channel.refund({
        refundNo: `RF-X-${orderNo}`,
        orderNo,
        paymentNo,
        type: 'FEE_REFUND',
        amount: fen(100),
      }),
    ).rejects.toMatchObject({ code: 'REFUND_ORDER_NOT_REFUNDABLE' });
    await expect(
      channel.refund({
        refundNo: 'RF-NONE',
        orderNo,
        paymentNo: 'PY-NONE',
        type: 'FEE_REFUND',
        amount: fen(100),
      }),
    ).rejects.toMatchObject({ code: 'PAYMENT_NOT_FOUND' });
  });
});

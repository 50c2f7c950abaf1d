// REF-1 on the real MariaDB: 100 concurrent fee refunds of one order over HTTP. The limit is decided
// under the payment row's lock, so the accepted total never exceeds what was paid, and every accepted
// refund is carried to the channel once by refundWorkflow (the shared Temporal dev server).
import { fen } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledAppOrder } from './fixtures/settled-order.js';
import { call, startHttpStack, type HttpStack } from './fixtures/http-stack.js';

describe('100 concurrent fee refunds on one order (REF-1)', () => {
  let stack: HttpStack;
  let stationId: string;

  beforeAll(async () => {
    stack = await startHttpStack(Date.parse('2026-03-11T12:00:00+08:00'));
    const { propertyId } = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
    stationId = (await stack.assets.createStation({ propertyId, kind: 'CAR', name: 'Refunds' })).station.id;
  });
  afterAll(async () => stack?.stop());

  it('accepts exactly what is refundable, refuses the rest with REFUND_EXCEEDS_LIMIT, pays back exactly that (REF-1, REF-2)', async () => {
    // Prepay 50.00, fee 30.00, 20.00 returned at settlement: 30.00 is refundable = 60 refunds of 0.50.
    const { orderNo, paymentNo } = await settledAppOrder(stack, stationId, {
      prepay: fen(5000n),
      fee: fen(3000n),
    });
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call(stack.app, 'POST', `/orders/${orderNo}/refunds`, { amount: '0.50', reason: `complaint ${i}` }),
      ),
    );
    const elapsedMs = Date.now() - started;
    const accepted = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status !== 202);
    expect(accepted).toHaveLength(60);
    expect(refused).toHaveLength(40);
    expect(new Set(refused.map((r) => `${r.status} ${r.body.error.code}`))).toEqual(
      new Set(['422 REFUND_EXCEEDS_LIMIT']),
    );
    console.info(`100 concurrent fee refunds answered in ${elapsedMs} ms`);

    // Every accepted refund settles through refundWorkflow (sandbox callback → signal).
    const deadline = Date.now() + 60_000;
    let listed: { items: { refundNo: string; type: string; status: string; amount: { fen: number } }[] };
    for (;;) {
      listed = (await call(stack.app, 'GET', `/refunds?orderNo=${orderNo}&limit=200`)).body;
      const open = listed.items.filter((r) => r.status !== 'REFUNDED');
      if (open.length === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const fees = listed.items.filter((r) => r.type === 'FEE_REFUND');
    expect(fees).toHaveLength(60);
    expect(fees.every((r) => r.status === 'REFUNDED')).toBe(true);
    const refundedFen = fees.reduce((sum, r) => sum + r.amount.fen, 0);
    expect(refundedFen).toBe(3000); // = the fee; with the 20.00 returned, exactly the 50.00 paid

    // What the channel was asked to pay back for this payment: the prepay return and the 60 refunds.
    const asked = stack.api.services.payments
      .sandbox!.refundsAsked()
      .filter((r) => r.refundNo.startsWith(orderNo));
    expect(asked).toHaveLength(61);
    expect(asked.reduce((sum, r) => sum + r.amount, 0n)).toBe(5000n);
    const payments = (await call(stack.app, 'GET', `/payments?orderNo=${orderNo}`)).body;
    expect(payments.items).toMatchObject([{ paymentNo, status: 'REFUNDED', amount: { cny: '50.00' } }]);
  });
});

// REF-1, REF-2 over HTTP on the tenant's own MariaDB database with refundWorkflow on the shared
// Temporal dev server: refusals move nothing; a refund the channel declines ends FAILED and an
// operator's retry carries it to REFUNDED; a lost callback is found by the status query.
import { fen } from '@chargeflow/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settledAppOrder } from './fixtures/settled-order.js';
import { call, startHttpStack, type HttpStack, type Json } from './fixtures/http-stack.js';

describe('fee refunds over HTTP (REF-1, REF-2)', () => {
  let stack: HttpStack;
  let stationId: string;

  const refundsOf = async (orderNo: string): Promise<Json[]> =>
    (await call(stack.app, 'GET', `/refunds?orderNo=${orderNo}`)).body.items;
  const settle = async (refundNo: string, orderNo: string, status: string): Promise<Json> => {
    for (let i = 0; i < 600; i += 1) {
      const found = (await refundsOf(orderNo)).find((r) => r.refundNo === refundNo);
      if (found?.status === status) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const kept = await stack.db.orm.em
      .getConnection()
      .execute('select outcome, error_code, body from payment_callback where body like ?', [`%${refundNo}%`]);
    throw new Error(`${refundNo} never became ${status}: ${JSON.stringify(kept)}`);
  };

  beforeAll(async () => {
    stack = await startHttpStack(Date.parse('2026-03-11T12:00:00+08:00'));
    const { propertyId } = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
    stationId = (await stack.assets.createStation({ propertyId, kind: 'CAR', name: 'Refund desk' })).station
      .id;
  });
  beforeEach(() => stack.api.services.payments.sandbox!.configure({ failureRate: 0, lostCallbackRate: 0 }));
  afterAll(async () => {
    stack?.api.services.payments.sandbox?.configure({ failureRate: 0, lostCallbackRate: 0 });
    await stack?.stop();
  });

  it('refuses a refund above the limit, on a free order and with a bad amount; nothing moves (REF-1)', async () => {
    // Prepay 20.00, fee 12.34, 7.66 returned: at most 12.34 can be refunded.
    const { orderNo } = await settledAppOrder(stack, stationId, { prepay: fen(2000n), fee: fen(1234n) });
    const above = await call(stack.app, 'POST', `/orders/${orderNo}/refunds`, {
      amount: '12.35',
      reason: 'too much',
    });
    expect(above.status).toBe(422);
    expect(above.body.error).toMatchObject({
      code: 'REFUND_EXCEEDS_LIMIT',
      details: { requested: '1235', refundable: '1234' },
    });
    const zero = await call(stack.app, 'POST', `/orders/${orderNo}/refunds`, {
      amount: '0',
      reason: 'nothing',
    });
    expect(zero.body.error.code).toBe('REFUND_AMOUNT_INVALID');
    const bad = await call(stack.app, 'POST', `/orders/${orderNo}/refunds`, { amount: '1.234', reason: 'x' });
    expect(bad.status).toBe(400);
    const free = await settledAppOrder(stack, stationId, { prepay: fen(1000n), fee: fen(0n) });
    const onFree = await call(stack.app, 'POST', `/orders/${free.orderNo}/refunds`, {
      amount: '0.01',
      reason: 'x',
    });
    expect(onFree.body.error.code).toBe('REFUND_ORDER_NOT_REFUNDABLE');
    expect(
      (await call(stack.app, 'POST', '/orders/CHNOSUCHORDER/refunds', { amount: '1', reason: 'x' })).status,
    ).toBe(404);
    expect((await refundsOf(orderNo)).map((r) => r.type)).toEqual(['PREPAY_RETURN']);
    expect((await refundsOf(free.orderNo)).map((r) => r.type)).toEqual(['PREPAY_RETURN']);
  });

  it('a declined refund ends FAILED, frees its amount, and an operator retry makes it REFUNDED (REF-2)', async () => {
    const { orderNo } = await settledAppOrder(stack, stationId, { prepay: fen(2000n), fee: fen(1234n) });
    stack.api.services.payments.sandbox!.configure({ failureRate: 1 });
    const asked = await call(stack.app, 'POST', `/orders/${orderNo}/refunds`, {
      amount: '12.34',
      reason: 'charger fault',
    });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({
      type: 'FEE_REFUND',
      status: 'REFUNDING',
      amount: { cny: '12.34' },
      attempts: 1,
    });
    const failed = await settle(asked.body.refundNo, orderNo, 'FAILED');
    expect(failed).toMatchObject({ failureReason: 'declined by the sandbox', reason: 'charger fault' });
    // The retry of a refund still REFUNDED or unknown is refused.
    const prepayReturn = (await refundsOf(orderNo)).find((r) => r.type === 'PREPAY_RETURN');
    const notFailed = await call(stack.app, 'POST', `/refunds/${prepayReturn.refundNo}/retry`);
    expect(notFailed).toMatchObject({ status: 409, body: { error: { code: 'REFUND_ILLEGAL_TRANSITION' } } });
    stack.api.services.payments.sandbox!.configure({ failureRate: 0 });
    const retried = await call(stack.app, 'POST', `/refunds/${asked.body.refundNo}/retry`);
    expect(retried).toMatchObject({ status: 202, body: { status: 'REFUNDING', attempts: 2 } });
    const done = await settle(asked.body.refundNo, orderNo, 'REFUNDED');
    // The retry is a new request at the channel: its refund no. names the attempt.
    expect(done).toMatchObject({ channelRefundNo: `SBX-R-${asked.body.refundNo}-2`, failureReason: null });
    expect(done.refundedAt).not.toBeNull();
    // 7.66 + 12.34 = 20.00: everything paid is back, nothing more can be refunded.
    const more = await call(stack.app, 'POST', `/orders/${orderNo}/refunds`, { amount: '0.01', reason: 'x' });
    expect(more.body.error).toMatchObject({ code: 'REFUND_EXCEEDS_LIMIT', details: { refundable: '0' } });
    const money = (await call(stack.app, 'GET', `/orders/${orderNo}/money`)).body;
    expect(money.payments).toMatchObject([{ status: 'REFUNDED', amount: { cny: '20.00' } }]);
    // Requested at the same (test-clock) instant: compare sorted by type.
    expect(money.refunds.map((r: Json) => [r.type, r.amount.cny, r.status]).sort()).toEqual([
      ['FEE_REFUND', '12.34', 'REFUNDED'],
      ['PREPAY_RETURN', '7.66', 'REFUNDED'],
    ]);
  });

  it('finds the result by the status query when the channel’s callback is lost (REF-2)', async () => {
    const { orderNo } = await settledAppOrder(stack, stationId, { prepay: fen(2000n), fee: fen(1000n) });
    stack.api.services.payments.sandbox!.configure({ lostCallbackRate: 1 });
    const asked = await call(stack.app, 'POST', `/orders/${orderNo}/refunds`, {
      amount: '4.00',
      reason: 'late',
    });
    expect(asked.status).toBe(202);
    // No callback comes: after the 2 s callback timeout the workflow asks the channel.
    const done = await settle(asked.body.refundNo, orderNo, 'REFUNDED');
    expect(done.channelRefundNo).toBe(`SBX-R-${asked.body.refundNo}`);
    const callbacks = await stack.db.orm.em
      .getConnection()
      .execute<{ n: number }[]>('select count(*) as n from payment_callback where refund_no = ?', [
        asked.body.refundNo,
      ]);
    expect(Number(callbacks[0]?.n)).toBe(0);
    stack.api.services.payments.sandbox!.configure({ lostCallbackRate: 0 });
  });
});

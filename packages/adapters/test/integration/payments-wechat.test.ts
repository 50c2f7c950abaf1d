// PAY-1, REF-1, REF-2, ORD-6 with the WeChat Pay v3 channel against a local fake WeChat Pay server
// (fixtures/fake-wechat-pay.ts: checks our RSA request signatures, answers and calls back signed
// with a platform certificate made at test time, resources sealed with AES-256-GCM), on the
// tenant's own MariaDB database with refundWorkflow on the shared Temporal dev server. The API
// listens on a real port so the fake calls POST /payment-callbacks/wechat/{tenant}/{station}.
import { createServer, type Server } from 'node:http';
import { fen, type Fen, type Settlement } from '@chargeflow/core';
import { createChargingActivities, type ChargingPorts } from '@chargeflow/workflows';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentLedger } from '../../src/payments/payment-ledger.js';
import { prepayReturnsThroughWorkflow } from '../../src/payments/prepay-returns.js';
import { ChargingOrderRepository } from '../../src/persistence/repositories/charging-order-repository.js';
import { FakeWechatPay } from './fixtures/fake-wechat-pay.js';
import { call, startHttpStack, type HttpStack, type Json } from './fixtures/http-stack.js';

const AT = Date.now();

describe('WeChat Pay v3 channel (PAY-1, REF-2)', () => {
  let stack: HttpStack;
  let fake: FakeWechatPay;
  let server: Server;
  let apiUrl: string;
  let stationId: string;
  let ledger: PaymentLedger;
  let seq = 0;
  const late: { fetch?: (request: Request) => Response | Promise<Response> } = {};

  const waitFor = async <T>(
    what: string,
    read: () => Promise<T>,
    done: (value: T) => boolean,
  ): Promise<T> => {
    for (let i = 0; i < 600; i += 1) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what} never happened: ${JSON.stringify(await read())}`);
  };

  type Kept = { outcome: string; verified: number | boolean; body: string; error_code: string | null };
  const kept = (column: 'payment_no' | 'refund_no', no: string): Promise<Kept[]> =>
    stack.db.orm.em
      .getConnection()
      .execute<Kept[]>(
        `select outcome, verified, body, error_code from payment_callback where ${column} = ? order by received_at, id`,
        [no],
      );

  /** A prepay paid through WeChat Pay and its order settled at `fee` (no return yet). */
  const paidOrder = async (prepay: Fen, fee: Fen) => {
    seq += 1;
    const tag = `${Date.now() % 1e8}${String(seq).padStart(3, '0')}`;
    const orderNo = `CH${tag}`;
    const paymentNo = `PY${tag}`;
    const db = await stack.api.services.tenants.get(stack.tenantId);
    const channels = stack.api.services.payments.channels(db.em, stack.tenantId);
    const paid = await channels.pay({ paymentNo, orderNo, amount: prepay, stationId });
    const orders = new ChargingOrderRepository(db.em, () => stack.api.clock.now);
    await orders.create({
      orderNo,
      providerId: (await stack.assets.getStation(stationId)).providerId,
      propertyId: (await stack.assets.getStation(stationId)).propertyId,
      stationId,
      chargerId: 'ch-wechat',
      chargerSerial: 'SN-WECHAT',
      connectorId: `cn-${tag}`,
      connectorNo: '1',
      startWay: 'APP',
      funding: { kind: 'PREPAY', paymentNo, prepay },
      tariff: { tariffId: 'T', version: 1 },
      createdAt: stack.api.clock.now - 3_600_000,
    });
    const settlement: Settlement = {
      fee,
      uncappedFee: fee,
      prepayReturned: fen(prepay - fee),
      cardDebited: fen(0),
      endReason: 'USER',
      endedAt: stack.api.clock.now - 60_000,
    };
    await orders.recordSettlement(orderNo, settlement);
    return { orderNo, paymentNo, paid, channels };
  };

  /** The charging workflow's returnPrepay activity as the worker builds it (ORD-6). */
  const returnPrepayActivity = async () => {
    const db = await stack.api.services.tenants.get(stack.tenantId);
    const payments = prepayReturnsThroughWorkflow(
      stack.api.services.payments.channels(db.em, stack.tenantId),
      stack.tenantId,
      {
        workflows: stack.client.workflow,
        taskQueue: stack.taskQueue,
        timings: { callbackTimeoutMs: 10_000, pollMs: 500, giveUpAfterMs: 60_000 },
      },
    );
    return createChargingActivities({ payments } as unknown as ChargingPorts).returnPrepay;
  };

  const refundsOf = async (orderNo: string): Promise<Json[]> =>
    (await call(stack.app, 'GET', `/refunds?orderNo=${orderNo}`)).body.items;

  beforeAll(async () => {
    server = createServer(getRequestListener((request) => late.fetch!(request)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    apiUrl = `http://127.0.0.1:${address.port}`;
    fake = await new FakeWechatPay(() => stack?.api.clock.now ?? AT).start();
    stack = await startHttpStack(AT, {
      payments: {
        wechat: { baseUrl: fake.url, notifyBaseUrl: apiUrl },
        timings: { pollMs: 10, confirmTimeoutMs: 10_000 },
      },
    });
    late.fetch = (request) => stack.api.app.fetch(request);
    const { propertyId } = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
    stationId = (await stack.assets.createStation({ propertyId, kind: 'CAR', name: 'WeChat' })).station.id;
    const config = await call(stack.app, 'PUT', `/stations/${stationId}/payment-config`, {
      channel: 'WECHAT_PAY',
      merchantNo: 'LS-WX',
      wechat: fake.merchant.wechat,
      secrets: fake.merchant.secrets,
    });
    expect(config.status).toBe(200);
    // Keys that do not parse are refused before anything is stored (ASSET-3).
    const broken = await call(stack.app, 'PUT', `/stations/${stationId}/payment-config`, {
      channel: 'WECHAT_PAY',
      merchantNo: 'LS-WX',
      wechat: {
        ...fake.merchant.wechat,
        platformCertPem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
      },
      secrets: { privateKeyPem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' },
    });
    expect(broken).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect((broken.body.error.details.issues as { path: string }[]).map((i) => i.path).sort()).toEqual([
      'body.secrets.privateKeyPem',
      'body.wechat.platformCertPem',
    ]);
    expect(config.body.secretsSet).toEqual(['apiV3Key', 'privateKeyPem']);
    expect(JSON.stringify(config.body)).not.toContain(fake.merchant.secrets.apiV3Key);
    ledger = new PaymentLedger(stack.db.orm.em);
  });
  afterAll(async () => {
    await stack?.stop();
    await fake?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('pays a prepay through a signed native order; the encrypted callback moves it once, ×5 repeats change nothing (PAY-1)', async () => {
    const { paymentNo, paid } = await paidOrder(fen(5000n), fen(5000n));
    expect(paid.status).toBe('PAY_SUCCESS');
    const order = fake.orders.get(paymentNo);
    expect(order).toMatchObject({
      total: 5000,
      state: 'SUCCESS',
      notifyUrl: `${apiUrl}/payment-callbacks/wechat/${stack.tenantId}/${stationId}`,
    });
    expect(fake.refusedRequests).toEqual([]);
    const payment = await ledger.getPayment(paymentNo);
    expect(payment).toMatchObject({ channel: 'wechat', channelTxnId: order!.transactionId });
    const callback = fake.callbacks.find((c) => c.body.includes('TRANSACTION.SUCCESS') && c.status === 200);
    expect(callback).toBeDefined();
    expect(payment.rawCallback).toBe(callback!.body);
    for (let i = 0; i < 5; i += 1) {
      expect(await fake.callBack(callback!.url, callback!.body, callback!.headers)).toBe(200);
    }
    const after = await ledger.getPayment(paymentNo);
    expect({ status: after.status, updatedAt: after.updatedAt }).toEqual({
      status: 'PAY_SUCCESS',
      updatedAt: payment.updatedAt,
    });
    expect((await kept('payment_no', paymentNo)).map((k) => k.outcome).sort()).toEqual([
      'APPLIED',
      ...Array<string>(5).fill('DUPLICATE'),
    ]);
  });

  it('a session started over HTTP pays its prepay through WeChat Pay before it starts (PAY-1, ORD-1)', async () => {
    const serial = `SN-WX-${Date.now() % 1e6}`;
    expect(
      (await call(stack.app, 'POST', `/stations/${stationId}/chargers`, { serialNo: serial, name: 'W1' }))
        .status,
    ).toBe(201);
    expect(
      (await call(stack.app, 'POST', `/chargers/${serial}/connectors`, { connectorNo: '1' })).status,
    ).toBe(201);
    const tariff = await call(stack.app, 'POST', `/stations/${stationId}/tariffs`, {
      kind: 'CAR',
      pricing: { mode: 'FLAT', energyPrice: '0.80', servicePrice: '0.40' },
    });
    expect(tariff.status).toBe(201);
    // TAR-3: a saved tariff takes effect at the next 24:00.
    stack.clock.now += 25 * 3_600_000;
    const started = await call(stack.app, 'POST', '/orders', {
      startWay: 'APP',
      chargerSerial: serial,
      connectorNo: '1',
      prepay: '30.00',
      phone: '13800000000',
    });
    expect(started).toMatchObject({
      status: 201,
      body: { status: 'STARTING', funding: { kind: 'PREPAY', prepay: { cny: '30.00', fen: 3000 } } },
    });
    const paymentNo = started.body.funding.paymentNo as string;
    const atChannel = fake.orders.get(paymentNo);
    expect(atChannel).toMatchObject({ total: 3000, state: 'SUCCESS' });
    expect(await ledger.getPayment(paymentNo)).toMatchObject({
      status: 'PAY_SUCCESS',
      channel: 'wechat',
      channelTxnId: atChannel!.transactionId,
      orderNo: started.body.orderNo,
    });
    expect(fake.refusedRequests).toEqual([]);
  });

  it('refuses tampered, forged and foreign callbacks with 401 CALLBACK_SIGNATURE_INVALID, keeps them, moves nothing (PAY-1)', async () => {
    fake.behaviour = { ...fake.behaviour, loseCallbacks: true };
    const { paymentNo } = await (async () => {
      seq += 1;
      const no = `PYT${Date.now() % 1e8}${seq}`;
      const db = await stack.api.services.tenants.get(stack.tenantId);
      await new PaymentLedger(db.em).recordPayment(
        { paymentNo: no, orderNo: `O-${no}`, channel: 'wechat', amount: fen(2500n), at: AT, stationId },
        [
          { kind: 'CREATE', at: AT },
          { kind: 'SUBMIT', at: AT },
        ],
      );
      return { paymentNo: no };
    })();
    const url = `${apiUrl}/payment-callbacks/wechat/${stack.tenantId}/${stationId}`;
    const resource = {
      mchid: fake.merchant.wechat.mchId,
      out_trade_no: paymentNo,
      transaction_id: '4200TAMPER',
      trade_state: 'SUCCESS',
      amount: { total: 2500, payer_total: 2500, currency: 'CNY' },
    };
    const body = fake.envelope('TRANSACTION.SUCCESS', 'transaction', resource);
    const headers = fake.sign(body);
    const post = async (b: string, h: Record<string, string>) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...h, 'content-type': 'application/json' },
        body: b,
      });
      return { status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code };
    };
    // One character of the body changed after signing.
    expect(await post(body.replace('"summary":"支付成功"', '"summary":"支付失败"'), headers)).toEqual({
      status: 401,
      code: 'CALLBACK_SIGNATURE_INVALID',
    });
    // Signed by someone else (another "platform"): the certificate does not verify it.
    const other = await new FakeWechatPay(() => stack.api.clock.now).start();
    expect(
      await post(body, { ...other.sign(body), 'wechatpay-serial': headers['wechatpay-serial']! }),
    ).toEqual({
      status: 401,
      code: 'CALLBACK_SIGNATURE_INVALID',
    });
    await other.stop();
    // Unsigned.
    expect((await post(body, {})).status).toBe(401);
    expect((await ledger.getPayment(paymentNo)).status).toBe('PAY_PROCESSING');
    const refused: Kept[] = await stack.db.orm.em
      .getConnection()
      .execute<Kept[]>(
        'select outcome, verified, body, error_code from payment_callback where channel = ? and body = ?',
        ['wechat', body],
      );
    expect(refused.map((k) => [k.outcome, Boolean(k.verified), k.error_code])).toEqual([
      ['SIGNATURE_INVALID', false, 'CALLBACK_SIGNATURE_INVALID'],
      ['SIGNATURE_INVALID', false, 'CALLBACK_SIGNATURE_INVALID'],
    ]);
    // The genuine callback still moves it, once.
    expect(await post(body, headers)).toMatchObject({ status: 200 });
    expect(await ledger.getPayment(paymentNo)).toMatchObject({
      status: 'PAY_SUCCESS',
      channelTxnId: '4200TAMPER',
    });
    // A genuine callback for a payment this station does not have: 404, kept.
    const unknown = fake.envelope('TRANSACTION.SUCCESS', 'transaction', {
      ...resource,
      out_trade_no: 'PYNOSUCH',
    });
    expect(await post(unknown, fake.sign(unknown))).toEqual({
      status: 404,
      code: 'CALLBACK_PAYMENT_UNKNOWN',
    });
    fake.behaviour = { ...fake.behaviour, loseCallbacks: false };
  });

  it('returns the unused prepay through refundWorkflow with a WeChat refund callback; a repeat sends nothing more (ORD-6, REF-2)', async () => {
    // Prepay 20.00, fee 12.34: 7.66 goes back.
    const { orderNo, paymentNo } = await paidOrder(fen(2000n), fen(1234n));
    const returnPrepay = await returnPrepayActivity();
    const request = {
      tenantId: stack.tenantId,
      refundNo: `${orderNo}-PR`,
      type: 'PREPAY_RETURN' as const,
      orderNo,
      paymentNo,
      amount: fen(766n),
    };
    const answered = await returnPrepay(request);
    expect(answered).toMatchObject({ refundNo: `${orderNo}-PR`, status: 'REFUNDING' });
    const done = await waitFor(
      'the prepay return',
      async () => (await refundsOf(orderNo)).find((r) => r.refundNo === `${orderNo}-PR`),
      (r) => r?.status === 'REFUNDED',
    );
    const atChannel = fake.refunds.get(`${orderNo}-PR`);
    expect(atChannel).toMatchObject({ refund: 766, total: 2000, outTradeNo: paymentNo, status: 'SUCCESS' });
    expect(done).toMatchObject({
      type: 'PREPAY_RETURN',
      amount: { cny: '7.66' },
      channelRefundNo: atChannel!.refundId,
    });
    // Carried by refundWorkflow (attempt 1), settled by the verified refund callback.
    const handle = stack.client.workflow.getHandle(`refund-${stack.tenantId}-${orderNo}-PR-1`);
    expect(await handle.result()).toMatchObject({ status: 'REFUNDED', attempts: 1 });
    // The callback's row gets its refund no. just after the refund settles: wait for it.
    const rows = await waitFor(
      'the kept refund callback',
      () => kept('refund_no', `${orderNo}-PR`),
      (k) => k.length > 0,
    );
    expect(rows.map((k) => [k.outcome, Boolean(k.verified)])).toEqual([['APPLIED', true]]);
    // The activity retried (e.g. after a worker crash): same refund, no second request at the channel.
    expect(await returnPrepay(request)).toMatchObject({ refundNo: `${orderNo}-PR`, status: 'REFUNDED' });
    expect([...fake.refunds.keys()].filter((k) => k.startsWith(orderNo))).toEqual([`${orderNo}-PR`]);
  });

  it('a fee refund WeChat Pay answers ABNORMAL ends FAILED; the operator retry is a new out_refund_no and ends REFUNDED (REF-1, REF-2)', async () => {
    const { orderNo } = await paidOrder(fen(2000n), fen(1234n));
    await (
      await returnPrepayActivity()
    )({
      tenantId: stack.tenantId,
      refundNo: `${orderNo}-PR`,
      type: 'PREPAY_RETURN',
      orderNo,
      paymentNo: `PY${orderNo.slice(2)}`,
      amount: fen(766n),
    });
    await waitFor(
      'the prepay return',
      async () => (await refundsOf(orderNo)).find((r) => r.type === 'PREPAY_RETURN'),
      (r) => r?.status === 'REFUNDED',
    );
    fake.behaviour = { ...fake.behaviour, failRefunds: true };
    const asked = await call(stack.app, 'POST', `/orders/${orderNo}/refunds`, {
      amount: '12.34',
      reason: 'fault',
    });
    expect(asked).toMatchObject({ status: 202, body: { type: 'FEE_REFUND', status: 'REFUNDING' } });
    const refundNo = asked.body.refundNo as string;
    const failed = await waitFor(
      'the failure',
      async () => (await refundsOf(orderNo)).find((r) => r.refundNo === refundNo),
      (r) => r?.status === 'FAILED',
    );
    expect(failed.failureReason).toBe('refund ABNORMAL');
    fake.behaviour = { ...fake.behaviour, failRefunds: false };
    const retried = await call(stack.app, 'POST', `/refunds/${refundNo}/retry`);
    expect(retried).toMatchObject({ status: 202, body: { attempts: 2 } });
    const done = await waitFor(
      'the retry',
      async () => (await refundsOf(orderNo)).find((r) => r.refundNo === refundNo),
      (r) => r?.status === 'REFUNDED',
    );
    expect(fake.refunds.get(refundNo)).toMatchObject({ status: 'ABNORMAL', refund: 1234 });
    expect(fake.refunds.get(`${refundNo}_2`)).toMatchObject({ status: 'SUCCESS', refund: 1234, total: 2000 });
    expect(done.channelRefundNo).toBe(fake.refunds.get(`${refundNo}_2`)!.refundId);
    // 7.66 + 12.34 = 20.00 back: the payment is REFUNDED, nothing more can be refunded.
    const money = (await call(stack.app, 'GET', `/orders/${orderNo}/money`)).body;
    expect(money.payments).toMatchObject([{ status: 'REFUNDED', amount: { cny: '20.00' } }]);
    const more = await call(stack.app, 'POST', `/orders/${orderNo}/refunds`, { amount: '0.01', reason: 'x' });
    expect(more.body.error).toMatchObject({ code: 'REFUND_EXCEEDS_LIMIT', details: { refundable: '0' } });
  });

  it('finds a refund by the WeChat refund query when its callback is lost (REF-2)', async () => {
    const { orderNo } = await paidOrder(fen(1000n), fen(1000n));
    fake.behaviour = { ...fake.behaviour, loseCallbacks: true };
    const asked = await call(stack.app, 'POST', `/orders/${orderNo}/refunds`, {
      amount: '4.00',
      reason: 'late',
    });
    expect(asked.status).toBe(202);
    const done = await waitFor(
      'the query',
      async () => (await refundsOf(orderNo)).find((r) => r.refundNo === asked.body.refundNo),
      (r) => r?.status === 'REFUNDED',
    );
    expect(done.channelRefundNo).toBe(fake.refunds.get(asked.body.refundNo as string)!.refundId);
    expect(await kept('refund_no', asked.body.refundNo as string)).toEqual([]);
    fake.behaviour = { ...fake.behaviour, loseCallbacks: false };
  });
});

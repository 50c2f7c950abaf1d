// SPL-1 over HTTP on the tenant's own MariaDB database with splitWorkflow on the shared Temporal dev
// server and the sandbox channel (asynchronous, signed callbacks, declining unbound receivers).
// Expected parts by hand: 100.01 CNY at 33.333 % each → 10001 × 0.33333 = 3333.63333 fen per
// receiver; floors 3 × 3333 = 9999 of floor(10001 × 0.99999) = 10000; the one fen left goes to the
// first equal remainder: 33.34 + 33.33 + 33.33, and the lead merchant keeps 100.01 − 100.00 = 0.01.
import { fen } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSandboxCallback } from '../../src/payments/sandbox/signature.js';
import { startSplitAfterSettlement } from '../../src/payments/split-trigger.js';
import { settledAppOrder } from './fixtures/settled-order.js';
import { call, startHttpStack, type HttpStack, type Json } from './fixtures/http-stack.js';

const KEY = 'split-station-signing-key';
const THIRD = '0.33333';
const splitConfig = (
  enabled: boolean,
  shares = ['M-A', 'M-B', 'M-C'].map((m) => ({ merchantId: m, ratio: THIRD })),
) => ({
  channel: 'SANDBOX',
  merchantNo: 'LS-SPLIT',
  secrets: { signingKey: KEY },
  split: { enabled, leadMerchantId: 'M-LEAD', shares },
});

describe('split settlement over HTTP (SPL-1)', () => {
  let stack: HttpStack;
  let stationId: string;
  let plainStationId: string;
  let trigger: ReturnType<typeof startSplitAfterSettlement>;

  const sandbox = () => stack.api.services.payments.sandbox!;
  const settleOrder = async (station: string, fee: bigint) => {
    const { orderNo } = await settledAppOrder(stack, station, { prepay: fen(20000n), fee: fen(fee) });
    const record = {
      tenantId: stack.tenantId,
      orderNo,
      settlement: {
        fee: fen(fee),
        uncappedFee: fen(fee),
        prepayReturned: fen(20000n - fee),
        cardDebited: fen(0n),
        endReason: 'USER' as const,
        endedAt: stack.clock.now,
      },
    };
    return { orderNo, record };
  };
  const splitOf = async (orderNo: string): Promise<Json | undefined> =>
    (await call(stack.app, 'GET', `/splits?orderNo=${orderNo}`)).body.items[0];
  const until = async (orderNo: string, status: string): Promise<Json> => {
    let last: Json | undefined;
    for (let i = 0; i < 600; i += 1) {
      last = await splitOf(orderNo);
      if (last?.status === status) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`split of ${orderNo} never became ${status}: ${JSON.stringify(last)}`);
  };
  const parts = (split: Json) =>
    split.parts.map((p: Json) => [p.merchantId, p.amount.cny, p.status, p.attempts, p.reverseAttempts]);

  beforeAll(async () => {
    stack = await startHttpStack(Date.parse('2026-03-11T12:00:00+08:00'));
    const { propertyId } = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
    stationId = (await stack.assets.createStation({ propertyId, kind: 'CAR', name: 'Split' })).station.id;
    plainStationId = (await stack.assets.createStation({ propertyId, kind: 'CAR', name: 'No split' })).station
      .id;
    expect(
      (await call(stack.app, 'PUT', `/stations/${stationId}/payment-config`, splitConfig(true))).status,
    ).toBe(200);
    expect(
      (await call(stack.app, 'PUT', `/stations/${plainStationId}/payment-config`, splitConfig(false))).status,
    ).toBe(200);
    trigger = startSplitAfterSettlement({
      tenants: stack.api.services.tenants,
      workflows: stack.client.workflow,
      taskQueue: stack.taskQueue,
      timings: { callbackTimeoutMs: 2_000, pollMs: 500, giveUpAfterMs: 60_000 },
    });
  });
  afterAll(async () => {
    stack?.api.services.payments.sandbox?.configure({ unboundReceivers: [], failureRate: 0 });
    await stack?.stop();
  });

  it('splits 100.01 three ways after settlement; the declined part is retried once under 8 concurrent retries; then reversed (SPL-1)', async () => {
    sandbox().configure({ unboundReceivers: ['M-C'] });
    const { orderNo, record } = await settleOrder(stationId, 10001n);
    await trigger(record);
    await trigger(record); // the settlement activity run again: the same workflow id, refused quietly
    const failed = await until(orderNo, 'FAILED');
    expect(failed).toMatchObject({
      splitNo: `${orderNo}-S`,
      stationId,
      leadMerchantId: 'M-LEAD',
      amount: { cny: '100.01' },
      leadAmount: { cny: '0.01' },
      round: 0,
    });
    expect(parts(failed)).toEqual([
      ['M-A', '33.34', 'SUCCEEDED', 1, 0],
      ['M-B', '33.33', 'SUCCEEDED', 1, 0],
      ['M-C', '33.33', 'FAILED', 1, 0],
    ]);
    expect(failed.parts[2].failureReason).toBe('split receiver not bound');
    expect(failed.parts[0].channelSplitNo).toBe(`SBX-S-${orderNo}-S1-1`);

    // Reversing a split that is not SUCCEEDED is refused.
    const early = await call(stack.app, 'POST', `/splits/${failed.splitNo}/reverse`);
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'SPLIT_ILLEGAL_TRANSITION' } } });

    sandbox().configure({ unboundReceivers: [] });
    const retries = await Promise.all(
      Array.from({ length: 8 }, () => call(stack.app, 'POST', `/splits/${failed.splitNo}/retry`)),
    );
    expect(retries.map((r) => r.status).sort()).toEqual([202, 409, 409, 409, 409, 409, 409, 409]);
    expect(
      retries.filter((r) => r.status === 409).every((r) => r.body.error.code === 'SPLIT_ILLEGAL_TRANSITION'),
    ).toBe(true);
    const done = await until(orderNo, 'SUCCEEDED');
    expect(parts(done)).toEqual([
      ['M-A', '33.34', 'SUCCEEDED', 1, 0],
      ['M-B', '33.33', 'SUCCEEDED', 1, 0],
      ['M-C', '33.33', 'SUCCEEDED', 2, 0],
    ]);
    expect(done.round).toBe(1);
    // The channel was asked once per part and attempt: never twice for the retried part.
    const asked = sandbox()
      .splitsAsked()
      .filter((a) => a.partNo.startsWith(`${orderNo}-S`))
      .map((a) => [a.operation, a.partNo.slice(-1), a.attempt, a.receiver, a.amount])
      .sort();
    expect(asked).toEqual([
      ['SPLIT', '1', 1, 'M-A', 3334n],
      ['SPLIT', '2', 1, 'M-B', 3333n],
      ['SPLIT', '3', 1, 'M-C', 3333n],
      ['SPLIT', '3', 2, 'M-C', 3333n],
    ]);

    // Retrying a SUCCEEDED split is refused; reversing it takes every part back (撤销).
    expect((await call(stack.app, 'POST', `/splits/${done.splitNo}/retry`)).status).toBe(409);
    const reversing = await call(stack.app, 'POST', `/splits/${done.splitNo}/reverse`);
    expect(reversing).toMatchObject({ status: 202, body: { status: 'REVERSING', round: 2 } });
    const reversed = await until(orderNo, 'REVERSED');
    expect(parts(reversed)).toEqual([
      ['M-A', '33.34', 'REVERSED', 1, 1],
      ['M-B', '33.33', 'REVERSED', 1, 1],
      ['M-C', '33.33', 'REVERSED', 2, 1],
    ]);
    expect(reversed.parts.every((p: Json) => p.reversedAt !== null)).toBe(true);
    expect((await call(stack.app, 'POST', `/splits/${done.splitNo}/reverse`)).status).toBe(409);

    // Searchable by order, station, lead merchant, split merchant and state.
    const search = async (query: string) =>
      (await call(stack.app, 'GET', `/splits?${query}`)).body.items.map((s: Json) => s.orderNo);
    expect(await search(`merchantId=M-C&status=REVERSED`)).toContain(orderNo);
    expect(await search(`leadMerchantId=M-LEAD&stationId=${stationId}`)).toContain(orderNo);
    expect(await search(`merchantId=M-NOBODY`)).toEqual([]);
    expect(await search(`leadMerchantId=M-A`)).toEqual([]);
    expect(await search(`stationId=${plainStationId}`)).toEqual([]);
    const one = await call(stack.app, 'GET', `/splits/${done.splitNo}`);
    expect(one).toMatchObject({ status: 200, body: { orderNo, status: 'REVERSED' } });
    // The order's money detail (ORD-9) carries its split.
    const money = (await call(stack.app, 'GET', `/orders/${orderNo}/money`)).body;
    expect(money.splits.map((s: Json) => [s.splitNo, s.status, s.amount.cny])).toEqual([
      [`${orderNo}-S`, 'REVERSED', '100.01'],
    ]);
  });

  it('does not split at a station with splits off, nor a free order; the order keeps no split (SPL-1)', async () => {
    const off = await settleOrder(plainStationId, 5000n);
    await trigger(off.record);
    const free = await settleOrder(stationId, 0n);
    await trigger(free.record);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await splitOf(off.orderNo)).toBeUndefined();
    expect(await splitOf(free.orderNo)).toBeUndefined();
    expect((await call(stack.app, 'GET', '/splits/CHNOSUCH-S')).status).toBe(404);
    expect((await call(stack.app, 'POST', '/splits/CHNOSUCH-S/retry')).status).toBe(404);
    // Ratios above 100 % are refused when configured, so they can never reach a settlement.
    const over = await call(
      stack.app,
      'PUT',
      `/stations/${stationId}/payment-config`,
      splitConfig(true, [
        { merchantId: 'M-A', ratio: '0.6' },
        { merchantId: 'M-B', ratio: '0.5' },
      ]),
    );
    expect(over).toMatchObject({ status: 422, body: { error: { code: 'SPLIT_RATIOS_EXCEED_WHOLE' } } });
  });

  it('refuses a forged split callback and keeps it; a replayed valid one changes nothing (SPL-1, PAY-1)', async () => {
    const { orderNo, record } = await settleOrder(stationId, 300n);
    await trigger(record);
    // 3.00 at 33.333 %: 300 × 0.33333 = 99.999 → 99 fen each (297) of floor(299.997) = 299; the 2 fen
    // left go to the first two equal remainders: 1.00 + 1.00 + 0.99, and 0.01 is kept.
    const split = await until(orderNo, 'SUCCEEDED');
    expect(parts(split).map((p: unknown[]) => p[1])).toEqual(['1.00', '1.00', '0.99']);
    expect(split.leadAmount.cny).toBe('0.01');
    const url = `/payment-callbacks/sandbox/${stack.tenantId}/${stationId}`;
    const body = JSON.stringify({
      kind: 'SPLIT_REVERSAL',
      no: `${orderNo}-S1`,
      attempt: 1,
      status: 'SUCCESS',
      channelNo: 'FORGED',
      amountFen: '100',
      at: stack.clock.now,
    });
    const forged = await stack.app.request(url, {
      method: 'POST',
      headers: signSandboxCallback('not-the-key', body, stack.clock.now),
      body,
    });
    expect(forged.status).toBe(401);
    const splitBody = JSON.stringify({
      kind: 'SPLIT',
      no: `${orderNo}-S1`,
      attempt: 1,
      status: 'FAILED',
      channelNo: 'LATE',
      amountFen: '100',
      at: stack.clock.now,
      reason: 'late failure',
    });
    const replay = await stack.app.request(url, {
      method: 'POST',
      headers: signSandboxCallback(KEY, splitBody, stack.clock.now),
      body: splitBody,
    });
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as Json).outcome).toBe('DUPLICATE');
    const unknownBody = splitBody.replace(`${orderNo}-S1`, 'CHNOSUCH-S1');
    const unknown = await stack.app.request(url, {
      method: 'POST',
      headers: signSandboxCallback(KEY, unknownBody, stack.clock.now),
      body: unknownBody,
    });
    expect(unknown.status).toBe(404);
    expect(parts((await splitOf(orderNo))!).map((p: unknown[]) => p[2])).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
      'SUCCEEDED',
    ]);
    const kept = await stack.db.orm.em
      .getConnection()
      .execute<{ outcome: string }[]>(
        'select outcome from payment_callback where body like ? order by received_at, id',
        [`%${orderNo}-S1"%`],
      );
    expect(kept.map((k: { outcome: string }) => k.outcome)).toEqual(
      expect.arrayContaining(['SIGNATURE_INVALID', 'DUPLICATE']),
    );
    // The database keeps one part per order and merchant.
    await expect(
      stack.db.orm.em
        .getConnection()
        .execute(
          "insert into split_part (part_no, split_no, order_no, merchant_id, amount_fen, status, updated_at) values (?, ?, ?, 'M-A', 1, 'PENDING', 0)",
          [`${orderNo}-S9`, `${orderNo}-S`, orderNo],
        ),
    ).rejects.toThrow(/Duplicate|unique/i);
  });
});

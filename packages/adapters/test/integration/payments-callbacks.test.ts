// PAY-1 over HTTP: the sandbox channel's signed callbacks at POST /payment-callbacks/sandbox/…, on
// the tenant's own MariaDB database. A valid callback moves the payment once; the same callback ×5
// changes nothing more; forged, tampered, unknown and contradicting callbacks are refused, and every
// callback is kept raw.
import { fen } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentLedger } from '../../src/payments/payment-ledger.js';
import { signSandboxCallback } from '../../src/payments/sandbox/signature.js';
import { call, startHttpStack, type HttpStack } from './fixtures/http-stack.js';

const KEY = 'station-sandbox-signing-key-42';
const AT = Date.parse('2026-03-11T09:00:00+08:00');

describe('payment callbacks (PAY-1)', () => {
  let stack: HttpStack;
  let stationId: string;
  let url: string;
  let ledger: PaymentLedger;
  let seq = 0;

  /** A payment the sandbox has been asked for: PAY_PROCESSING, 50.00 CNY. */
  const processingPayment = async () => {
    seq += 1;
    const paymentNo = `PCB${Date.now() % 1e9}${seq}`;
    await ledger.recordPayment(
      { paymentNo, orderNo: `O-${paymentNo}`, channel: 'sandbox', amount: fen(5000n), at: AT, stationId },
      [
        { kind: 'CREATE', at: AT },
        { kind: 'SUBMIT', at: AT },
      ],
    );
    return paymentNo;
  };

  const notice = (no: string, fields: Record<string, unknown> = {}) =>
    JSON.stringify({
      kind: 'PAYMENT',
      no,
      status: 'SUCCESS',
      channelNo: `SBX-${no}`,
      amountFen: '5000',
      at: AT,
      ...fields,
    });

  const post = async (body: string, headers: Record<string, string>, path = url) => {
    const res = await stack.app.request(path, { method: 'POST', headers, body });
    return { status: res.status, body: (await res.json()) as { outcome?: string; error?: { code: string } } };
  };

  type Kept = { outcome: string; verified: number | boolean; body: string; error_code: string | null };
  const callbacksOf = async (paymentNo: string): Promise<Kept[]> =>
    stack.db.orm.em
      .getConnection()
      .execute<Kept[]>(
        'select outcome, verified, body, error_code from payment_callback where payment_no = ? or body like ? order by received_at, id',
        [paymentNo, `%${paymentNo}%`],
      );

  beforeAll(async () => {
    stack = await startHttpStack(AT);
    const { propertyId } = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
    stationId = (await stack.assets.createStation({ propertyId, kind: 'CAR', name: 'Callbacks' })).station.id;
    const config = await call(stack.app, 'PUT', `/stations/${stationId}/payment-config`, {
      channel: 'SANDBOX',
      merchantNo: 'LS-CB',
      secrets: { signingKey: KEY },
    });
    expect(config.status).toBe(200);
    url = `/payment-callbacks/sandbox/${stack.tenantId}/${stationId}`;
    ledger = new PaymentLedger(stack.db.orm.em);
  });
  afterAll(async () => stack?.stop());

  it('moves the payment once on a valid signed callback; the same callback ×5 changes nothing more (PAY-1)', async () => {
    const paymentNo = await processingPayment();
    const body = notice(paymentNo);
    const headers = signSandboxCallback(KEY, body, AT);
    const first = await post(body, headers);
    expect(first).toMatchObject({ status: 200, body: { outcome: 'APPLIED' } });
    const paid = await ledger.getPayment(paymentNo);
    expect(paid).toMatchObject({
      status: 'PAY_SUCCESS',
      channelTxnId: `SBX-${paymentNo}`,
      rawCallback: body,
    });
    for (let i = 0; i < 5; i += 1) {
      expect(await post(body, headers)).toMatchObject({ status: 200, body: { outcome: 'DUPLICATE' } });
    }
    const after = await ledger.getPayment(paymentNo);
    expect({ status: after.status, updatedAt: after.updatedAt, paidAt: after.paidAt }).toEqual({
      status: paid.status,
      updatedAt: paid.updatedAt,
      paidAt: paid.paidAt,
    });
    const kept = await callbacksOf(paymentNo);
    // Received in the same (test-clock) millisecond: compare as a multiset.
    expect(kept.map((k) => k.outcome).sort()).toEqual(['APPLIED', ...Array<string>(5).fill('DUPLICATE')]);
    expect(kept.every((k) => k.body === body && Boolean(k.verified))).toBe(true);
  });

  it('refuses a tampered callback (401 CALLBACK_SIGNATURE_INVALID), keeps it raw and moves nothing (PAY-1)', async () => {
    const paymentNo = await processingPayment();
    const signed = notice(paymentNo);
    const headers = signSandboxCallback(KEY, signed, AT);
    const tampered = signed.replace('"amountFen":"5000"', '"amountFen":"1"');
    const res = await post(tampered, headers);
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'CALLBACK_SIGNATURE_INVALID' } } });
    const forged = await post(signed, signSandboxCallback('a-key-the-attacker-made-up', signed, AT));
    expect(forged.status).toBe(401);
    const unsigned = await post(signed, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    expect((await ledger.getPayment(paymentNo)).status).toBe('PAY_PROCESSING');
    const kept = await callbacksOf(paymentNo);
    expect(kept.map((k) => [k.outcome, Boolean(k.verified), k.error_code])).toEqual([
      ['SIGNATURE_INVALID', false, 'CALLBACK_SIGNATURE_INVALID'],
      ['SIGNATURE_INVALID', false, 'CALLBACK_SIGNATURE_INVALID'],
      ['SIGNATURE_INVALID', false, 'CALLBACK_SIGNATURE_INVALID'],
    ]);
    expect(kept.filter((k) => k.body === tampered)).toHaveLength(1);
  });

  it('refuses a signed callback for an unknown payment with 404 CALLBACK_PAYMENT_UNKNOWN, kept (PAY-1)', async () => {
    const body = notice('NO-SUCH-PAYMENT-1');
    const res = await post(body, signSandboxCallback(KEY, body, AT));
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'CALLBACK_PAYMENT_UNKNOWN' } } });
    expect((await callbacksOf('NO-SUCH-PAYMENT-1')).map((k) => k.outcome)).toEqual(['UNKNOWN_PAYMENT']);
  });

  it('refuses a wrong amount and a second, different success; ignores a failure after success (PAY-1)', async () => {
    const paymentNo = await processingPayment();
    const wrongAmount = notice(paymentNo, { amountFen: '4999' });
    const mismatch = await post(wrongAmount, signSandboxCallback(KEY, wrongAmount, AT));
    expect(mismatch).toMatchObject({ status: 422, body: { error: { code: 'PAYMENT_AMOUNT_MISMATCH' } } });
    expect((await ledger.getPayment(paymentNo)).status).toBe('PAY_PROCESSING');
    const ok = notice(paymentNo);
    expect((await post(ok, signSandboxCallback(KEY, ok, AT))).body.outcome).toBe('APPLIED');
    const other = notice(paymentNo, { channelNo: 'SBX-OTHER' });
    const conflict = await post(other, signSandboxCallback(KEY, other, AT));
    expect(conflict).toMatchObject({ status: 409, body: { error: { code: 'PAYMENT_CALLBACK_CONFLICT' } } });
    const failed = notice(paymentNo, { status: 'FAILED', reason: 'late' });
    expect((await post(failed, signSandboxCallback(KEY, failed, AT))).body.outcome).toBe('DUPLICATE');
    expect(await ledger.getPayment(paymentNo)).toMatchObject({
      status: 'PAY_SUCCESS',
      channelTxnId: `SBX-${paymentNo}`,
    });
    expect((await callbacksOf(paymentNo)).map((k) => k.outcome).sort()).toEqual([
      'APPLIED',
      'DUPLICATE',
      'REFUSED',
      'REFUSED',
    ]);
  });

  it('refuses a callback sent to another station’s URL (its key does not verify it) (PAY-1)', async () => {
    const paymentNo = await processingPayment();
    const { propertyId } = await stack.assets.createOwner({ providerName: 'P2', propertyName: 'Prop2' });
    const other = (await stack.assets.createStation({ propertyId, kind: 'CAR', name: 'Other' })).station.id;
    const body = notice(paymentNo);
    const res = await post(
      body,
      signSandboxCallback(KEY, body, AT),
      `/payment-callbacks/sandbox/${stack.tenantId}/${other}`,
    );
    expect(res.status).toBe(401);
    expect((await ledger.getPayment(paymentNo)).status).toBe('PAY_PROCESSING');
  });
});

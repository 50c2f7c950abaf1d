// PAY-1, ASSET-3: the sandbox channel behaves like a real one on the tenant's own MariaDB database:
// it answers asynchronously with a signed callback (verified by the callback inbox), fails when told
// to, loses callbacks (the status query finds the result), and an unpaid payment expires; a refund
// the channel never received is sent again by the status query (REF-2, R1).
import { randomBytes } from 'node:crypto';
import { fen } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentCallbackInbox } from '../../src/payments/callback-inbox.js';
import { PaymentEntity } from '../../src/persistence/entities/payments.js';
import { paymentGateways, type SandboxMode } from '../../src/payments/gateways.js';
import { SandboxAcquirer } from '../../src/payments/sandbox/sandbox-acquirer.js';
import { StationPaymentChannels } from '../../src/payments/station-channels.js';
import { StationMoneyConfigs } from '../../src/persistence/repositories/station-money-config.js';
import { SecretBox } from '../../src/tenancy/secrets.js';
import { settledAppOrder } from './fixtures/settled-order.js';
import { startHttpStack, type HttpStack } from './fixtures/http-stack.js';

const AT = Date.parse('2026-03-11T09:00:00+08:00');

describe('the sandbox payment channel (PAY-1, ASSET-3)', () => {
  let stack: HttpStack;
  let stationId: string;
  let sandbox: SandboxAcquirer;
  const secrets = new SecretBox(randomBytes(32));
  let seq = 0;

  const channels = (mode: SandboxMode = 'default') => {
    const em = stack.db.orm.em;
    const gateways = paymentGateways({ sandboxMode: mode, sandbox });
    const configs = new StationMoneyConfigs(em, () => AT, secrets, stack.tenantId);
    return new StationPaymentChannels(em, stack.tenantId, configs, gateways, () => AT, {
      paymentTtlMs: 60_000,
      confirmTimeoutMs: 400,
      pollMs: 10,
    });
  };
  const pay = (mode?: SandboxMode) => {
    seq += 1;
    const paymentNo = `PSB${Date.now() % 1e9}${seq}`;
    return channels(mode).pay({ paymentNo, orderNo: `O-${paymentNo}`, amount: fen(3000n), stationId });
  };
  const callbacks = async (paymentNo: string): Promise<string[]> =>
    (
      await stack.db.orm.em
        .getConnection()
        .execute<{ outcome: string }[]>('select outcome from payment_callback where payment_no = ?', [
          paymentNo,
        ])
    ).map((r: { outcome: string }) => r.outcome);

  const failureReasonOf = async (paymentNo: string): Promise<string | null> =>
    (await stack.db.orm.em.fork().findOneOrFail(PaymentEntity, { paymentNo })).failureReason ?? null;

  beforeAll(async () => {
    stack = await startHttpStack(AT);
    const { propertyId } = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
    stationId = (await stack.assets.createStation({ propertyId, kind: 'CAR', name: 'Sandbox' })).station.id;
    const late: { inbox?: PaymentCallbackInbox } = {};
    sandbox = new SandboxAcquirer({
      behaviour: { delayMs: 30 },
      defaultSigningKey: secrets.derive('payment-sandbox-signing-key'),
      deliver: async (target, callback) => {
        await late.inbox?.receive('sandbox', target, callback);
      },
      now: () => AT,
    });
    const gateways = paymentGateways({ sandboxMode: 'default', sandbox });
    late.inbox = new PaymentCallbackInbox({
      tenants: stack.api.services.tenants,
      gateways,
      secrets,
      clock: () => AT,
    });
  });
  afterAll(async () => {
    sandbox?.close();
    await stack?.stop();
  });

  it('confirms a payment only through its signed callback, asynchronously (PAY-1)', async () => {
    sandbox.configure({ failureRate: 0, lostCallbackRate: 0, delayMs: 30 });
    const receipt = await pay();
    expect(receipt).toMatchObject({
      status: 'PAY_SUCCESS',
      channel: 'sandbox',
      channelTxnId: `SBX-${receipt.paymentNo}`,
    });
    expect(await callbacks(receipt.paymentNo)).toEqual(['APPLIED']);
  });

  it('fails a payment when the channel declines it (PAY-1: PAY_FAILED, reason kept)', async () => {
    sandbox.configure({ failureRate: 1, lostCallbackRate: 0 });
    const receipt = await pay();
    expect(receipt.status).toBe('PAY_FAILED');
    expect(await failureReasonOf(receipt.paymentNo)).toBe('declined by the sandbox');
    expect(await callbacks(receipt.paymentNo)).toEqual(['APPLIED']);
  });

  it('finds the result by the status query when the callback never comes (PAY-1)', async () => {
    sandbox.configure({ failureRate: 0, lostCallbackRate: 1, delayMs: 0 });
    const receipt = await pay();
    expect(receipt.status).toBe('PAY_SUCCESS');
    expect(await callbacks(receipt.paymentNo)).toEqual([]);
  });

  it('expires a payment the channel has not decided in time (PAY-1: unpaid orders expire)', async () => {
    sandbox.configure({ failureRate: 0, lostCallbackRate: 1, delayMs: 5_000 });
    const receipt = await pay();
    expect(receipt.status).toBe('PAY_FAILED');
    expect(await failureReasonOf(receipt.paymentNo)).toBe('EXPIRED');
  });

  it('REF-2 R1 sends again a refund its channel never received (NOT_FOUND); the next query settles it once', async () => {
    // Fee 10.00 of a 20.00 prepay, paid and returned through the stack's own sandbox.
    const { orderNo, paymentNo } = await settledAppOrder(stack, stationId, {
      prepay: fen(2000n),
      fee: fen(1000n),
    });
    sandbox.configure({ failureRate: 0, lostCallbackRate: 1, delayMs: 0 });
    // Reserved, then the process died before sending it: this channel has never heard of it.
    const refundNo = `${orderNo}-F1`;
    const reserved = await channels().reserveRefund({
      refundNo,
      orderNo,
      paymentNo,
      type: 'FEE_REFUND',
      amount: fen(400n),
    });
    expect(reserved.status).toBe('REFUNDING');
    const merchant = {} as never;
    expect(await sandbox.queryRefund(merchant, refundNo, reserved.attempts)).toEqual({ status: 'NOT_FOUND' });

    expect((await channels().askAboutRefund(refundNo)).status).toBe('REFUNDING');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await sandbox.queryRefund(merchant, refundNo, reserved.attempts)).status).toBe('SUCCESS');
    expect(await channels().askAboutRefund(refundNo)).toMatchObject({
      status: 'REFUNDED',
      amount: 400n,
      attempts: 1,
    });
  });

  it('refuses a station without a channel unless the sandbox is the default (ASSET-3)', async () => {
    await expect(pay('on')).rejects.toMatchObject({ code: 'PAYMENT_CHANNEL_MISSING' });
  });
});

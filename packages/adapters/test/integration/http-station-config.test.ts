// HTTP: a station's payment (ASSET-3) and invoice (ASSET-2) configuration, as the tenant's
// administrator, on the tenant's own MariaDB database; secrets sealed at rest and never returned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHttpStack, type HttpStack } from './fixtures/http-stack.js';

const SIGNING_KEY = 'sandbox-signing-key-0123456789';

/** A complete sandbox configuration with splits (30 % + 20 %). */
const PAYMENT = {
  channel: 'SANDBOX',
  merchantNo: 'LS0001',
  secrets: { signingKey: SIGNING_KEY },
  split: {
    enabled: true,
    leadMerchantId: 'LEAD-1',
    shares: [
      { merchantId: 'M-A', ratio: '0.3' },
      { merchantId: 'M-B', ratio: '0.2' },
    ],
  },
};

const INVOICE = {
  merchantNo: 'ZS0001',
  company: 'West Lake Charging Co.',
  taxpayerId: '91350100M000100Y43',
  sellerAddress: '1 West Lake Rd, Hangzhou',
  phone: '0571-88888888',
  bankName: 'ICBC Hangzhou',
  bankAccount: '1202020209000012345',
  drawer: 'Li',
  payee: 'Wang',
  reviewer: 'Zhao',
  energy: { rate: '0.13', taxCode: '1100101020000000000' },
  service: { rate: '0.06', taxCode: '3040502029900000000' },
};

describe('HTTP station payment and invoice configuration (ASSET-2, ASSET-3)', () => {
  let stack: HttpStack;
  let app: HttpStack['app'];
  let stationId: string;

  beforeAll(async () => {
    stack = await startHttpStack(Date.parse('2026-03-10T10:00:00+08:00'));
    app = stack.app;
    const { propertyId } = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
    stationId = (await stack.assets.createStation({ propertyId, kind: 'CAR', name: 'West Lake' })).station.id;
  });
  afterAll(async () => stack?.stop());

  const rawPaymentRow = async () =>
    (
      await stack.db.orm.em
        .getConnection()
        .execute<Record<string, unknown>[]>('select * from station_payment_config where station_id = ?', [
          stationId,
        ])
    )[0];

  it('has no payment configuration at first (ASSET-3: 404 PAYMENT_CONFIG_NOT_FOUND)', async () => {
    const res = await call(app, 'GET', `/stations/${stationId}/payment-config`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('PAYMENT_CONFIG_NOT_FOUND');
  });

  it('refuses split ratios above 100 % with 422 SPLIT_RATIOS_EXCEED_WHOLE and stores nothing (ASSET-3)', async () => {
    const res = await call(app, 'PUT', `/stations/${stationId}/payment-config`, {
      ...PAYMENT,
      split: {
        ...PAYMENT.split,
        shares: [
          { merchantId: 'M-A', ratio: '0.6' },
          { merchantId: 'M-B', ratio: '0.41' },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('SPLIT_RATIOS_EXCEED_WHOLE');
    expect(await rawPaymentRow()).toBeUndefined();
  });

  it('refuses a channel without its secrets with 422 PAYMENT_CONFIG_SECRET_MISSING (ASSET-3)', async () => {
    const { secrets: _s, ...withoutSecrets } = PAYMENT;
    const res = await call(app, 'PUT', `/stations/${stationId}/payment-config`, withoutSecrets);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'PAYMENT_CONFIG_SECRET_MISSING',
      details: { missing: ['signingKey'] },
    });
    expect(await rawPaymentRow()).toBeUndefined();
  });

  it('stores the configuration with its secret sealed, and never returns the secret (ASSET-3)', async () => {
    const res = await call(app, 'PUT', `/stations/${stationId}/payment-config`, PAYMENT);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      stationId,
      channel: 'SANDBOX',
      merchantNo: 'LS0001',
      secretsSet: ['signingKey'],
      split: { enabled: true, leadMerchantId: 'LEAD-1', shares: PAYMENT.split.shares },
    });
    expect(JSON.stringify(res.body)).not.toContain(SIGNING_KEY);
    const got = await call(app, 'GET', `/stations/${stationId}/payment-config`);
    expect(got.body).toEqual(res.body);
    expect(JSON.stringify(got.body)).not.toContain(SIGNING_KEY);
    const row = await rawPaymentRow();
    expect(String(row?.['sealed_secrets'])).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(SIGNING_KEY);
  });

  it('keeps stored secrets when a later write omits them (ASSET-3)', async () => {
    const { secrets: _s, ...withoutSecrets } = PAYMENT;
    const res = await call(app, 'PUT', `/stations/${stationId}/payment-config`, {
      ...withoutSecrets,
      split: { enabled: false, shares: [] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ secretsSet: ['signingKey'], split: { enabled: false, shares: [] } });
  });

  it('refuses a WECHAT_PAY channel without merchant data or keys (ASSET-3)', async () => {
    const res = await call(app, 'PUT', `/stations/${stationId}/payment-config`, {
      ...PAYMENT,
      channel: 'WECHAT_PAY',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('PAYMENT_CONFIG_INVALID');
  });

  it('answers a station that does not exist with 404 STATION_NOT_FOUND', async () => {
    const res = await call(app, 'PUT', '/stations/nope/payment-config', PAYMENT);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('STATION_NOT_FOUND');
  });

  it('stores and reads back the invoice configuration (ASSET-2)', async () => {
    expect((await call(app, 'GET', `/stations/${stationId}/invoice-config`)).body.error.code).toBe(
      'INVOICE_CONFIG_NOT_FOUND',
    );
    const res = await call(app, 'PUT', `/stations/${stationId}/invoice-config`, INVOICE);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ stationId, ...INVOICE });
    expect((await call(app, 'GET', `/stations/${stationId}/invoice-config`)).body).toEqual({
      stationId,
      ...INVOICE,
    });
  });

  it('refuses a taxpayer id with a wrong check character (422 TAXPAYER_ID_INVALID) and a bad tax code (400) (ASSET-2)', async () => {
    const wrongCheck = await call(app, 'PUT', `/stations/${stationId}/invoice-config`, {
      ...INVOICE,
      taxpayerId: '91350100M000100Y44',
    });
    expect(wrongCheck.status).toBe(422);
    expect(wrongCheck.body.error.code).toBe('TAXPAYER_ID_INVALID');
    const badCode = await call(app, 'PUT', `/stations/${stationId}/invoice-config`, {
      ...INVOICE,
      energy: { rate: '1.5', taxCode: '12' },
    });
    expect(badCode.status).toBe(400);
    const paths = badCode.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.energy.rate', 'body.energy.taxCode']));
    expect((await call(app, 'GET', `/stations/${stationId}/invoice-config`)).body.company).toBe(
      INVOICE.company,
    );
  });
});

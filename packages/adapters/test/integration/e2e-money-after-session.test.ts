// Issue 13 end to end on the REAL services (MariaDB, Temporal dev server, Kafka, FerretDB): one car
// session over HTTP at a station with splits on and an invoice configuration, then everything money
// does after the bill, read back over HTTP: the worker's splitWorkflow splits the fee (SPL-1), an
// operator refunds part of the fee through refundWorkflow (REF-1, REF-2), and the invoice of what is
// left is issued by invoiceWorkflow with a PDF whose totals are checked against the bill (INV-1..INV-3).
// Every figure is computed by hand in the comments.
import { chargingWorkflowId } from '@chargeflow/workflows';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshPhone, type Json } from './fixtures/api-stack.js';
import { SIMULATED } from './fixtures/e2e-session.js';
import { createChargingSite, startTenantsE2e, type TenantsE2e } from './fixtures/e2e-tenants.js';

const HOUR = 3_600_000;
let e2e: TenantsE2e;

beforeAll(async () => {
  // A tariff saved 25 h ago is in force now (TAR-3); the clock moves to the present before charging.
  e2e = await startTenantsE2e(Date.now() - 25 * HOUR);
});
afterAll(async () => {
  await e2e?.stop();
});

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('money after a real session: split, fee refund, invoice and its PDF (issue 13, end to end)', () => {
  it('SPL-1, REF-1, REF-2, INV-1, INV-2, INV-3: 4.00 split 2.00 + 1.20 (lead 0.80), 1.00 refunded, the invoice of 3.00 issued with its PDF', async () => {
    const { api, worker } = e2e;
    const tenant = await api.createTenant('em');
    const serial = `E2E-MO-${worker.run}`;
    // FLAT 0.80 energy + 0.20 service per kWh; the car takes 80 % of 5,000 Wh = 4.000 kWh:
    // ENERGY 3.20 + SERVICE 0.80 = fee 4.00; the prepay of 50.00 returns 46.00.
    const site = await createChargingSite(api, tenant, serial, {
      energyPrice: '0.80000',
      servicePrice: '0.20000',
    });
    const payment = await call(
      api.app,
      'PUT',
      `/stations/${site.stationId}/payment-config`,
      {
        channel: 'SANDBOX',
        merchantNo: 'LS-MONEY',
        secrets: { signingKey: 'e2e-money-signing-key' },
        split: {
          enabled: true,
          leadMerchantId: 'M-LEAD',
          shares: [
            { merchantId: 'M-A', ratio: '0.5' },
            { merchantId: 'M-B', ratio: '0.3' },
          ],
        },
      },
      tenant.admin,
    );
    expect(payment.status, JSON.stringify(payment.body)).toBe(200);
    const invoiceConfig = await call(
      api.app,
      'PUT',
      `/stations/${site.stationId}/invoice-config`,
      {
        merchantNo: 'ZS0013',
        company: 'E2E Money Co.',
        taxpayerId: '91350100M000100Y43',
        sellerAddress: '13 Test Rd',
        phone: '0571-88888888',
        bankName: 'ICBC',
        bankAccount: '1202020209000012345',
        drawer: 'Li',
        payee: 'Wang',
        reviewer: 'Zhao',
        energy: { rate: '0.13', taxCode: '1100101020000000000' },
        service: { rate: '0.06', taxCode: '3040502029900000000' },
      },
      tenant.admin,
    );
    expect(invoiceConfig.status, JSON.stringify(invoiceConfig.body)).toBe(200);

    api.clock.now = Date.now();
    await worker.startSimulator(serial, { ...SIMULATED, batteryWh: 5_000, initialSoc: 20 });
    const user = await api.signInApp(tenant.tenantId, freshPhone());
    const started = await call(
      api.app,
      'POST',
      '/me/orders',
      { chargerSerial: serial, connectorNo: '1', prepay: '50.00' },
      user,
    );
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const orderNo = String(started.body.orderNo);
    const get = async (path: string): Promise<Json> =>
      (await call(api.app, 'GET', path, undefined, tenant.admin)).body;
    try {
      const order = await until(
        'the order settles',
        () => get(`/orders/${orderNo}`),
        (o) => o.status === 'COMPLETED' && o.bill !== null && o.bill !== undefined,
      );
      expect(order.fee).toMatchObject({ cny: '4.00' });

      // SPL-1: 400 fen × 0.5 = 200, × 0.3 = 120; the lead keeps 400 − 320 = 80.
      const split = await until(
        'the split succeeds',
        async () => (await get(`/splits?orderNo=${orderNo}`)).items?.[0],
        (s) => s?.status === 'SUCCEEDED',
      );
      expect(split).toMatchObject({ amount: { cny: '4.00' }, leadAmount: { cny: '0.80' } });
      expect(split.parts.map((p: Json) => [p.merchantId, p.amount.cny, p.status])).toEqual([
        ['M-A', '2.00', 'SUCCEEDED'],
        ['M-B', '1.20', 'SUCCEEDED'],
      ]);

      // REF-1: 1.00 of the 4.00 fee back to the user; the refundable rest is 3.00, so 3.01 more is refused.
      const refund = await call(
        api.app,
        'POST',
        `/orders/${orderNo}/refunds`,
        { amount: '1.00', reason: 'slow charger' },
        tenant.admin,
      );
      expect(refund.status, JSON.stringify(refund.body)).toBe(202);
      await until(
        'the fee refund is REFUNDED',
        async () => (await get(`/refunds?orderNo=${orderNo}`)).items,
        (items: Json[]) => items.some((r) => r.type === 'FEE_REFUND' && r.status === 'REFUNDED'),
      );
      const tooMuch = await call(
        api.app,
        'POST',
        `/orders/${orderNo}/refunds`,
        { amount: '3.01', reason: 'x' },
        tenant.admin,
      );
      expect(tooMuch.body.error).toMatchObject({ code: 'REFUND_EXCEEDS_LIMIT' });

      // The order's money read back in one place: paid 50.00, returned 46.00 (ORD-6) and 1.00, the split.
      const money = await until(
        'the prepay return is REFUNDED',
        () => get(`/orders/${orderNo}/money`),
        (m) => m.refunds?.every((r: Json) => r.status === 'REFUNDED'),
      );
      expect(money.payments.map((p: Json) => p.amount.cny)).toEqual(['50.00']);
      expect(money.refunds.map((r: Json) => [r.type, r.amount.cny, r.status]).sort()).toEqual([
        ['FEE_REFUND', '1.00', 'REFUNDED'],
        ['PREPAY_RETURN', '46.00', 'REFUNDED'],
      ]);
      expect(money.splits.map((s: Json) => s.splitNo)).toEqual([split.splitNo]);

      // INV-3: the invoice is of 4.00 − 1.00 = 3.00, energy and service shrunk in proportion:
      // ENERGY 3.00 × 3.20 / 4.00 = 2.40 at 13 %: tax 2.40 × 13/113 = 0.2761… → 0.28, net 2.12;
      // SERVICE 3.00 − 2.40 = 0.60 at 6 %: tax 0.60 × 6/106 = 0.0339… → 0.03, net 0.57.
      // Totals: tax 0.31, net 2.69.
      const asked = await call(
        api.app,
        'POST',
        `/orders/${orderNo}/invoices`,
        { title: 'E2E Money Buyer', taxpayerId: '91110000600037341L', email: 'money@example.cn' },
        tenant.admin,
      );
      expect(asked.status, JSON.stringify(asked.body)).toBe(202);
      expect(asked.body.lines.map((l: Json) => [l.kind, l.amount.cny, l.net.cny, l.tax.cny, l.rate])).toEqual(
        [
          ['ENERGY', '2.40', '2.12', '0.28', '0.13'],
          ['SERVICE', '0.60', '0.57', '0.03', '0.06'],
        ],
      );
      const invoiceNo = String(asked.body.invoiceNo);
      const invoice = await until(
        'the invoice is issued',
        () => get(`/invoices/${invoiceNo}`),
        (i) => i.status !== 'ISSUING',
      );
      expect(invoice).toMatchObject({ status: 'ISSUED', amount: { cny: '3.00' } });
      const again = await call(
        api.app,
        'POST',
        `/orders/${orderNo}/invoices`,
        { title: 'E2E Money Buyer', taxpayerId: '91110000600037341L', email: 'money@example.cn' },
        tenant.admin,
      );
      expect(again.body.error).toMatchObject({ code: 'INVOICE_ALREADY_VALID' });

      const pdf = await api.app.request(`/invoices/${invoiceNo}/pdf`, { headers: tenant.admin });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const bytes = new Uint8Array(await pdf.arrayBuffer());
      expect(Buffer.from(bytes).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const parser = new PDFParse({ data: bytes });
      const { text } = await parser.getText();
      await parser.destroy();
      for (const expected of [
        invoiceNo,
        '2.40',
        '2.12',
        '0.28',
        '0.60',
        '0.57',
        '0.03',
        '3.00',
        '2.69',
        '0.31',
      ]) {
        expect(text).toContain(expected);
      }
    } finally {
      await api.client.workflow
        .getHandle(chargingWorkflowId(tenant.tenantId, orderNo))
        .terminate('test over')
        .catch(() => undefined);
    }
  });
});

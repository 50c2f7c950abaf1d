// Issue 13, end to end on the REAL services (MariaDB, Temporal dev server, Kafka, FerretDB): an app
// user charges a car over HTTP (POST /me/orders, a simulated charger over Kafka, the real worker),
// the order settles at the hand-computed fee, then the tenant administrator requests its invoice
// over HTTP; the worker's invoiceWorkflow issues it at the sandbox provider and the PDF downloaded
// from the API carries the bill's energy and service split with the station's tax rates.
import { chargingWorkflowId } from '@chargeflow/workflows';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshPhone, type Json } from './fixtures/api-stack.js';
import { SIMULATED } from './fixtures/e2e-session.js';
import { createChargingSite, startTenantsE2e, type TenantsE2e } from './fixtures/e2e-tenants.js';

const HOUR = 3_600_000;
const INVOICE_CONFIG = {
  merchantNo: 'ZS0009',
  company: 'E2E Charging Co.',
  taxpayerId: '91350100M000100Y43',
  sellerAddress: '9 Test Rd',
  phone: '0571-88888888',
  bankName: 'ICBC',
  bankAccount: '1202020209000012345',
  drawer: 'Li',
  payee: 'Wang',
  reviewer: 'Zhao',
  energy: { rate: '0.13', taxCode: '1100101020000000000' },
  service: { rate: '0.06', taxCode: '3040502029900000000' },
};
let e2e: TenantsE2e;

beforeAll(async () => {
  // A tariff saved at the API's clock is in force from the next Shanghai 24:00 (TAR-3): start 25 h back.
  e2e = await startTenantsE2e(Date.now() - 25 * HOUR);
});
afterAll(async () => {
  await e2e?.stop();
});

describe('a charging session, then its invoice, end to end (ORD-6, INV-1, INV-2, INV-3)', () => {
  it('INV-3 the settled order’s invoice is ISSUED and its PDF shows the bill split by the station’s tax rates (by hand)', async () => {
    const { api, worker } = e2e;
    const tenant = await api.createTenant('ei');
    const serial = `E2E-INV-${worker.run}`;
    // FLAT 0.80 energy + 0.20 service per kWh; the car takes 80 % of 5,000 Wh = 4.000 kWh:
    // ENERGY 4.000 × 0.80 = 3.20, SERVICE 4.000 × 0.20 = 0.80, fee 4.00.
    const { stationId } = await createChargingSite(api, tenant, serial, {
      energyPrice: '0.80000',
      servicePrice: '0.20000',
    });
    const put = await call(
      api.app,
      'PUT',
      `/stations/${stationId}/invoice-config`,
      INVOICE_CONFIG,
      tenant.admin,
    );
    expect(put.status).toBe(200);
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
    try {
      // Settled in the tenant's own database: COMPLETED with its settlement recorded (ORD-6).
      const db = await api.services.tenants.get(tenant.tenantId);
      type Row = { status: string; settlement_count: number | string; fee_fen: number | string | null };
      let row: Row | undefined;
      const deadline = Date.now() + 90_000;
      for (;;) {
        [row] = await db.em
          .getConnection()
          .execute<Row[]>('select status, settlement_count, fee_fen from charging_order where order_no = ?', [
            orderNo,
          ]);
        if (row?.status === 'COMPLETED' && Number(row.settlement_count) > 0) break;
        if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(row)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(Number(row.fee_fen)).toBe(400);

      const asked = await call(
        api.app,
        'POST',
        `/orders/${orderNo}/invoices`,
        { title: 'E2E Buyer Ltd', taxpayerId: '91110000600037341L', email: 'e2e@example.cn' },
        tenant.admin,
      );
      expect(asked.status, JSON.stringify(asked.body)).toBe(202);
      // ENERGY 3.20 at 13 %: tax 3.20 × 13/113 = 0.368… → 0.37, net 2.83;
      // SERVICE 0.80 at 6 %: tax 0.80 × 6/106 = 0.0452… → 0.05, net 0.75. Tax 0.42, net 3.58.
      expect(asked.body.lines).toEqual([
        {
          kind: 'ENERGY',
          amount: { cny: '3.20', fen: 320 },
          net: { cny: '2.83', fen: 283 },
          tax: { cny: '0.37', fen: 37 },
          rate: '0.13',
          taxCode: '1100101020000000000',
        },
        {
          kind: 'SERVICE',
          amount: { cny: '0.80', fen: 80 },
          net: { cny: '0.75', fen: 75 },
          tax: { cny: '0.05', fen: 5 },
          rate: '0.06',
          taxCode: '3040502029900000000',
        },
      ]);
      const invoiceNo = String(asked.body.invoiceNo);
      let invoice: Json;
      for (let i = 0; ; i += 1) {
        invoice = (await call(api.app, 'GET', `/invoices/${invoiceNo}`, undefined, tenant.admin)).body;
        if (invoice.status !== 'ISSUING') break;
        if (i > 600) throw new Error(`never issued: ${JSON.stringify(invoice)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(invoice).toMatchObject({ status: 'ISSUED', amount: { cny: '4.00', fen: 400 } });

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
        invoice.invoiceNumber,
        '3.20',
        '2.83',
        '0.37',
        '0.80',
        '0.75',
        '0.05',
        '4.00',
        '3.58',
        '0.42',
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

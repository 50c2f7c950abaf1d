// INV-1..INV-3 over HTTP on the tenant's own MariaDB database with invoiceWorkflow on the shared
// Temporal dev server and the sandbox invoicing provider: refusals store nothing; a request becomes
// ISSUED with number, code, serial and a downloadable PDF of its lines; a declined invoice is
// reissued; an issued one voided; and 20 concurrent requests on one order leave one valid invoice.
import { fen } from '@chargeflow/core';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { billedOrder } from './fixtures/invoice-order.js';
import { call, startHttpStack, type HttpStack, type Json } from './fixtures/http-stack.js';

const INVOICE_CONFIG = {
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
const BUYER = { title: 'ACME Ltd', taxpayerId: '91110000600037341L', email: 'finance@acme.cn' };
const m = (cny: string, fenValue: number) => ({ cny, fen: fenValue });

// Both tenant database kinds: MariaDB (production) and SQLite (`npm start`), whose one-valid-invoice
// key is a partial unique index instead of a generated column.
describe.each(['mariadb', 'sqlite'] as const)(
  'invoices over HTTP on %s (INV-1, INV-2, INV-3)',
  (database) => {
    let stack: HttpStack;
    let stationId: string;
    let bareStationId: string;

    const order = () =>
      billedOrder(stack, stationId, { energy: fen(1234n), service: fen(500n), prepay: fen(2000n) });
    const ask = (orderNo: string, body: object = BUYER) =>
      call(stack.app, 'POST', `/orders/${orderNo}/invoices`, body);
    const settle = async (invoiceNo: string, done: (i: Json) => boolean): Promise<Json> => {
      let last: Json;
      for (let i = 0; i < 600; i += 1) {
        last = (await call(stack.app, 'GET', `/invoices/${invoiceNo}`)).body;
        if (done(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${invoiceNo} never settled: ${JSON.stringify(last)}`);
    };

    beforeAll(async () => {
      stack = await startHttpStack(Date.parse('2026-03-11T12:00:00+08:00'), { database });
      const { propertyId } = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
      stationId = (await stack.assets.createStation({ propertyId, kind: 'CAR', name: 'Invoiced' })).station
        .id;
      bareStationId = (await stack.assets.createStation({ propertyId, kind: 'CAR', name: 'Bare' })).station
        .id;
      const put = await call(stack.app, 'PUT', `/stations/${stationId}/invoice-config`, INVOICE_CONFIG);
      expect(put.status).toBe(200);
    });
    beforeEach(() => stack.api.invoiceProvider.configure({ failureRate: 0 }));
    afterAll(async () => {
      stack?.api.invoiceProvider.configure({ failureRate: 0 });
      await stack?.stop();
    });

    it('INV-1 refuses an unconfigured station, a free order, bad or missing fields; nothing is stored', async () => {
      const bare = await billedOrder(stack, bareStationId, {
        energy: fen(100n),
        service: fen(100n),
        prepay: fen(1000n),
      });
      const unconfigured = await ask(bare.orderNo);
      expect(unconfigured.status).toBe(409);
      expect(unconfigured.body.error.code).toBe('INVOICE_NOT_CONFIGURED');
      const free = await billedOrder(stack, stationId, {
        energy: fen(0n),
        service: fen(0n),
        prepay: fen(500n),
      });
      expect((await ask(free.orderNo)).body.error.code).toBe('INVOICE_ORDER_NOT_ELIGIBLE');
      const { orderNo } = await order();
      const badId = await ask(orderNo, { ...BUYER, taxpayerId: '91110000600037341X' });
      expect(badId.status).toBe(422);
      expect(badId.body.error.code).toBe('TAXPAYER_ID_INVALID');
      expect((await ask(orderNo, { ...BUYER, title: '  ' })).body.error.code).toBe('INVOICE_FIELD_REQUIRED');
      expect((await ask(orderNo, { ...BUYER, email: 'not-an-address' })).body.error.code).toBe(
        'INVOICE_EMAIL_INVALID',
      );
      expect((await ask(orderNo, { title: 'x' })).status).toBe(400);
      expect((await ask('CINOSUCHORDER')).status).toBe(404);
      for (const no of [bare.orderNo, free.orderNo, orderNo]) {
        expect((await call(stack.app, 'GET', `/invoices?orderNo=${no}`)).body.total).toBe(0);
      }
    });

    it('INV-2 INV-3 a request is ISSUED with number, code, serial and a PDF of its lines; then voided', async () => {
      const { orderNo } = await order();
      const asked = await ask(orderNo);
      expect(asked.status).toBe(202);
      // Energy 12.34 at 13 %: tax 12.34 × 13/113 = 1.4196… → 1.42; service 5.00 at 6 %: 5 × 6/106 = 0.283… → 0.28.
      expect(asked.body).toMatchObject({
        orderNo,
        stationId,
        status: 'ISSUING',
        amount: m('17.34', 1734),
        buyer: BUYER,
        seller: { name: 'West Lake Charging Co.', taxpayerId: '91350100M000100Y43' },
        lines: [
          {
            kind: 'ENERGY',
            amount: m('12.34', 1234),
            net: m('10.92', 1092),
            tax: m('1.42', 142),
            rate: '0.13',
            taxCode: '1100101020000000000',
          },
          {
            kind: 'SERVICE',
            amount: m('5.00', 500),
            net: m('4.72', 472),
            tax: m('0.28', 28),
            rate: '0.06',
            taxCode: '3040502029900000000',
          },
        ],
        pdfPath: null,
      });
      const invoiceNo = asked.body.invoiceNo as string;
      expect(invoiceNo.startsWith(`${orderNo}-I`)).toBe(true);
      const again = await ask(orderNo);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('INVOICE_ALREADY_VALID');

      const issued = await settle(invoiceNo, (i) => i.status !== 'ISSUING');
      expect(issued.status).toBe('ISSUED');
      expect(issued.invoiceNumber).toMatch(/^\d{8}$/);
      expect(issued.invoiceCode).toMatch(/^\d{12}$/);
      expect(issued.serialNo).toMatch(/^SBX[0-9A-F]{16}$/);
      expect(issued.pdfPath).toBe(`/invoices/${invoiceNo}/pdf`);

      const response = await stack.app.request(`/invoices/${invoiceNo}/pdf`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.toString('latin1')).toContain(`(${invoiceNo})`);
      const parser = new PDFParse({ data: new Uint8Array(bytes) });
      const { text } = await parser.getText();
      await parser.destroy();
      for (const expected of [
        invoiceNo,
        issued.invoiceNumber,
        issued.invoiceCode,
        '17.34',
        '1.42',
        '0.28',
        '1.70',
      ]) {
        expect(text).toContain(expected);
      }

      const voiding = await call(stack.app, 'POST', `/invoices/${invoiceNo}/void`);
      expect(voiding.status).toBe(202);
      const voided = await settle(invoiceNo, (i) => i.status === 'VOIDED');
      expect(voided.voidedAt).not.toBeNull();
      expect((await call(stack.app, 'POST', `/invoices/${invoiceNo}/void`)).body.error.code).toBe(
        'INVOICE_ILLEGAL_TRANSITION',
      );
      // A voided invoice is invalid: the order can be invoiced again.
      const next = await ask(orderNo);
      expect(next.status).toBe(202);
      await settle(next.body.invoiceNo as string, (i) => i.status === 'ISSUED');
      const listed = await call(stack.app, 'GET', `/invoices?orderNo=${orderNo}`);
      expect(listed.body.items.map((i: Json) => i.status).sort()).toEqual(['ISSUED', 'VOIDED']);
    });

    it('INV-2 a declined invoice is FAILED without a PDF, and a reissue makes it ISSUED', async () => {
      const { orderNo } = await order();
      stack.api.invoiceProvider.configure({ failureRate: 1 });
      const asked = await ask(orderNo);
      const invoiceNo = asked.body.invoiceNo as string;
      const failed = await settle(invoiceNo, (i) => i.status !== 'ISSUING');
      expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, invoiceNumber: null });
      expect(failed.failureReason).toContain('declined');
      const notReady = await call(stack.app, 'GET', `/invoices/${invoiceNo}/pdf`);
      expect(notReady.status).toBe(409);
      expect(notReady.body.error.code).toBe('INVOICE_PDF_NOT_READY');
      expect((await call(stack.app, 'POST', `/invoices/${invoiceNo}/void`)).status).toBe(409);

      stack.api.invoiceProvider.configure({ failureRate: 0 });
      const reissued = await call(stack.app, 'POST', `/invoices/${invoiceNo}/reissue`);
      expect(reissued.status).toBe(202);
      expect(reissued.body).toMatchObject({ status: 'ISSUING', attempts: 2, failureReason: null });
      const issued = await settle(invoiceNo, (i) => i.status !== 'ISSUING');
      expect(issued).toMatchObject({ status: 'ISSUED', attempts: 2 });
      const again = await call(stack.app, 'POST', `/invoices/${invoiceNo}/reissue`);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('INVOICE_ILLEGAL_TRANSITION');
      expect((await call(stack.app, 'GET', '/invoices/CINOSUCH-I000000')).status).toBe(404);
    });

    it('INV-2 20 concurrent requests on one order: exactly one valid invoice (unique key on the valid slot)', async () => {
      const { orderNo } = await order();
      const answers = await Promise.all(Array.from({ length: 20 }, () => ask(orderNo)));
      const accepted = answers.filter((a) => a.status === 202);
      const refused = answers.filter((a) => a.status === 409);
      expect(accepted).toHaveLength(1);
      expect(refused).toHaveLength(19);
      expect(new Set(refused.map((r) => r.body.error.code))).toEqual(new Set(['INVOICE_ALREADY_VALID']));
      const rows = await stack.db.orm.em
        .getConnection()
        .execute('select status from invoice where order_no = ?', [orderNo]);
      expect(rows).toHaveLength(1);
      await settle(accepted[0]!.body.invoiceNo as string, (i) => i.status === 'ISSUED');
    });
  },
);

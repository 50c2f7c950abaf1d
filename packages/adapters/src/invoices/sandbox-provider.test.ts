import { describe, expect, it } from 'vitest';
import type { InvoiceSubmission } from './provider.js';
import { SandboxInvoicingProvider } from './sandbox-provider.js';

const submission: InvoiceSubmission = {
  requestId: 'CH1-I0001-1',
  invoiceNo: 'CH1-I0001',
  sellerName: 'Seller',
  sellerTaxpayerId: '91350100M000100Y43',
  buyerTitle: 'ACME',
  buyerTaxpayerId: '91110000600037341L',
  buyerEmail: 'a@b.cn',
  amountFen: '1734',
};

describe('sandbox invoicing provider (INV-2)', () => {
  const clock = { now: 1_000 };
  const provider = (failureRate = 0) =>
    new SandboxInvoicingProvider({
      key: 'k',
      clock: () => clock.now,
      behaviour: { delayMs: 500, failureRate },
    });

  it('INV-2 answers PENDING until its delay passed, then ISSUED with number, code and serial', async () => {
    const p = provider();
    clock.now = 1_000;
    const { ticket } = await p.submit(submission);
    clock.now = 1_499;
    expect(await p.status(ticket)).toEqual({ state: 'PENDING' });
    clock.now = 1_500;
    const answer = await p.status(ticket);
    expect(answer).toMatchObject({ state: 'ISSUED', issuedAt: 1_500 });
    expect(answer.state === 'ISSUED' && answer.invoiceNumber).toMatch(/^\d{8}$/);
    expect(answer.state === 'ISSUED' && answer.invoiceCode).toMatch(/^\d{12}$/);
    // The same request id is the same invoice (a repeated status query or process restart agrees).
    expect(await provider().status(ticket)).toEqual(answer);
  });

  it('INV-2 declines at its failure rate, with a reason', async () => {
    clock.now = 0;
    const { ticket } = await provider(1).submit(submission);
    clock.now = 10_000;
    expect(await provider().status(ticket)).toEqual({
      state: 'FAILED',
      reason: 'sandbox: the tax bureau declined',
    });
  });

  it('INV-2 refuses a forged or altered ticket, and a ticket of another kind (INVOICE_TICKET_INVALID)', async () => {
    const p = provider();
    const { ticket } = await p.submit(submission);
    const [body = '', mac = ''] = ticket.split('.');
    const forged = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const altered = `${Buffer.from(JSON.stringify({ ...forged, failed: true })).toString('base64url')}.${mac}`;
    await expect(p.status(altered)).rejects.toMatchObject({ code: 'INVOICE_TICKET_INVALID' });
    await expect(new SandboxInvoicingProvider({ key: 'other' }).status(ticket)).rejects.toMatchObject({
      code: 'INVOICE_TICKET_INVALID',
    });
    await expect(p.voidStatus(ticket)).rejects.toMatchObject({ code: 'INVOICE_TICKET_INVALID' });
  });

  it('INV-2 a void is confirmed after the delay', async () => {
    const p = provider();
    clock.now = 0;
    const { ticket } = await p.requestVoid({ requestId: 'CH1-I0001-void', invoiceNumber: '12345678' });
    expect(await p.voidStatus(ticket)).toEqual({ state: 'PENDING' });
    clock.now = 500;
    expect(await p.voidStatus(ticket)).toEqual({ state: 'VOIDED', at: 500 });
  });
});

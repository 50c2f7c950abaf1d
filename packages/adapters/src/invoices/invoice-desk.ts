import type { InvoiceDesk, InvoiceProgress, InvoiceRef } from '@chargeflow/workflows';
import { ApplicationFailure } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/core';
import { InvoiceEntity, InvoicePdfEntity, type InvoiceRow } from '../persistence/entities/invoices.js';
import type { TenantDatabases } from '../tenancy/ports.js';
import { renderInvoicePdf } from './pdf.js';
import type { InvoicingProvider } from './provider.js';
import { linesOf } from './records.js';

const progressOf = (row: InvoiceRow): InvoiceProgress => ({
  invoiceNo: row.invoiceNo,
  status: row.status,
  attempts: row.attempts,
  voiding: row.status === 'ISSUED' && row.voidRequestedAt !== null && row.voidRequestedAt !== undefined,
});

/**
 * invoiceWorkflow's desk over the tenant's invoice rows and the invoicing provider (INV-2, INV-3).
 * Every change is a conditional update on the state it leaves (status, attempt, ticket unset), so a
 * repeated or stale activity changes nothing; ISSUED stores the provider's number, code and serial
 * together with the PDF rendered from the invoice lines, in one transaction.
 */
export class ProviderInvoiceDesk implements InvoiceDesk {
  constructor(
    private readonly deps: {
      readonly tenants: Pick<TenantDatabases, 'get'>;
      readonly provider: InvoicingProvider;
      readonly clock: () => number;
    },
  ) {}

  async submit(ref: InvoiceRef): Promise<InvoiceProgress> {
    const em = await this.em(ref.tenantId);
    const row = await this.row(em, ref);
    if (!this.current(row, ref) || row.providerTicket) return progressOf(row);
    const { ticket } = await this.deps.provider.submit({
      requestId: `${row.invoiceNo}-${ref.attempt}`,
      invoiceNo: row.invoiceNo,
      sellerName: row.sellerName,
      sellerTaxpayerId: row.sellerTaxpayerId,
      buyerTitle: row.buyerTitle,
      buyerTaxpayerId: row.buyerTaxpayerId,
      buyerEmail: row.buyerEmail,
      amountFen: row.amountFen.toString(),
    });
    await em
      .fork()
      .nativeUpdate(
        InvoiceEntity,
        { invoiceNo: row.invoiceNo, status: 'ISSUING', attempts: ref.attempt, providerTicket: null },
        { providerTicket: ticket, updatedAt: this.deps.clock() },
      );
    return progressOf(await this.row(em, ref));
  }

  async check(ref: InvoiceRef): Promise<InvoiceProgress> {
    const em = await this.em(ref.tenantId);
    const row = await this.row(em, ref);
    if (!this.current(row, ref)) return progressOf(row);
    if (!row.providerTicket) return this.submit(ref);
    const answer = await this.deps.provider.status(row.providerTicket);
    const where = { invoiceNo: row.invoiceNo, status: 'ISSUING' as const, attempts: ref.attempt };
    if (answer.state === 'FAILED') {
      await em.fork().nativeUpdate(InvoiceEntity, where, {
        status: 'FAILED',
        failureReason: answer.reason.slice(0, 255),
        updatedAt: this.deps.clock(),
      });
    } else if (answer.state === 'ISSUED') {
      const pdf = await renderInvoicePdf({
        invoiceNo: row.invoiceNo,
        orderNo: row.orderNo,
        invoiceNumber: answer.invoiceNumber,
        invoiceCode: answer.invoiceCode,
        serialNo: answer.serialNo,
        issuedAt: answer.issuedAt,
        seller: { name: row.sellerName, taxpayerId: row.sellerTaxpayerId },
        buyer: { title: row.buyerTitle, taxpayerId: row.buyerTaxpayerId, email: row.buyerEmail },
        lines: linesOf(row),
        amount: row.amountFen as never,
      });
      const now = this.deps.clock();
      await em.fork().transactional(async (tx) => {
        const moved = await tx.nativeUpdate(InvoiceEntity, where, {
          status: 'ISSUED',
          invoiceNumber: answer.invoiceNumber,
          invoiceCode: answer.invoiceCode,
          serialNo: answer.serialNo,
          issuedAt: answer.issuedAt,
          failureReason: null,
          updatedAt: now,
        });
        if (moved === 1) {
          await tx.nativeDelete(InvoicePdfEntity, { invoiceNo: row.invoiceNo });
          await tx.insert(InvoicePdfEntity, {
            invoiceNo: row.invoiceNo,
            content: Buffer.from(pdf),
            sizeBytes: pdf.byteLength,
            createdAt: now,
          });
        }
      });
    }
    return progressOf(await this.row(em, ref));
  }

  async requestVoid(ref: InvoiceRef): Promise<InvoiceProgress> {
    const em = await this.em(ref.tenantId);
    const row = await this.row(em, ref);
    if (row.status !== 'ISSUED' || row.voidTicket || !row.invoiceNumber) return progressOf(row);
    const { ticket } = await this.deps.provider.requestVoid({
      requestId: `${row.invoiceNo}-void`,
      invoiceNumber: row.invoiceNumber,
    });
    await em
      .fork()
      .nativeUpdate(
        InvoiceEntity,
        { invoiceNo: row.invoiceNo, status: 'ISSUED', voidTicket: null },
        { voidTicket: ticket, updatedAt: this.deps.clock() },
      );
    return progressOf(await this.row(em, ref));
  }

  async checkVoid(ref: InvoiceRef): Promise<InvoiceProgress> {
    const em = await this.em(ref.tenantId);
    const row = await this.row(em, ref);
    if (row.status !== 'ISSUED') return progressOf(row);
    if (!row.voidTicket) return this.requestVoid(ref);
    const answer = await this.deps.provider.voidStatus(row.voidTicket);
    if (answer.state === 'VOIDED') {
      await em
        .fork()
        .nativeUpdate(
          InvoiceEntity,
          { invoiceNo: row.invoiceNo, status: 'ISSUED' },
          { status: 'VOIDED', voidedAt: answer.at, updatedAt: this.deps.clock() },
        );
    }
    return progressOf(await this.row(em, ref));
  }

  private current(row: InvoiceRow, ref: InvoiceRef): boolean {
    return row.status === 'ISSUING' && row.attempts === ref.attempt;
  }

  private async em(tenantId: string): Promise<EntityManager> {
    return (await this.deps.tenants.get(tenantId)).em;
  }

  private async row(em: EntityManager, ref: InvoiceRef): Promise<InvoiceRow> {
    const row = await em.fork().findOne(InvoiceEntity, { invoiceNo: ref.invoiceNo });
    if (!row) throw ApplicationFailure.nonRetryable(`no invoice ${ref.invoiceNo}`, 'INVOICE_NOT_FOUND');
    return row;
  }
}

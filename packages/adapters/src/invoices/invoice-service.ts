import { randomBytes } from 'node:crypto';
import {
  DomainError,
  feeParts,
  fen,
  requestInvoice,
  type Fen,
  type Invoice,
  type InvoiceBuyer,
  type StationInvoiceConfig,
} from '@chargeflow/core';
import {
  DEFAULT_INVOICE_TIMINGS,
  invoiceWorkflowId,
  type InvoiceWorkflowInput,
  type invoiceWorkflow,
} from '@chargeflow/workflows';
import { UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
import { InvoiceEntity, InvoicePdfEntity, type InvoiceRow } from '../persistence/entities/invoices.js';
import { RefundEntity } from '../persistence/entities/payments.js';
import { StationInvoiceConfigEntity } from '../persistence/entities/station-money.js';
import type { ChargingOrderRepository } from '../persistence/repositories/charging-order-repository.js';
import { STATION_LEVEL_COLUMNS, scopeWhere, within, type QueryScope } from '../persistence/scope.js';
import { linesToJson, toInvoiceRecord, type InvoiceRecord } from './records.js';

/** Timings of invoice actions (`InvoiceWorkflowInput` without ids, action and attempt). */
export type InvoiceTimings = Pick<InvoiceWorkflowInput, 'pollMs' | 'giveUpAfterMs'>;

/** Filters of the invoice search (INV-2). */
export interface InvoiceSearch {
  readonly orderNo?: string;
  readonly stationId?: string;
  readonly status?: InvoiceRow['status'];
  readonly buyerTaxpayerId?: string;
  readonly invoiceNumber?: string;
  readonly limit: number;
  readonly offset: number;
}

const notFound = (invoiceNo: string) =>
  new DomainError('INVOICE_NOT_FOUND', `no invoice ${invoiceNo}`, { invoiceNo });
const alreadyValid = (orderNo: string) =>
  new DomainError('INVOICE_ALREADY_VALID', `order ${orderNo} already has a valid invoice`, { orderNo });

/**
 * An operator's invoices (INV-1..INV-3) in the caller's scope (ORG-1). A request is checked by the
 * core (`requestInvoice`: COMPLETED, fee > 0, invoice configuration, title, USCC taxpayer id,
 * e-mail), its lines split by the station's tax rates and codes, stored ISSUING — the database's
 * unique key on the valid slot keeps one valid invoice per order under concurrent requests — and
 * carried to the provider by `invoiceWorkflow`; FAILED can be reissued, ISSUED voided.
 */
export class InvoiceService {
  constructor(
    private readonly deps: {
      readonly em: EntityManager;
      readonly tenantId: string;
      readonly scope: QueryScope;
      readonly orders: ChargingOrderRepository;
      readonly workflows: WorkflowClient;
      readonly taskQueue: string;
      readonly clock: () => number;
      readonly timings?: InvoiceTimings;
    },
  ) {}

  /** INV-1: requests the invoice of a completed order; INVOICE_ALREADY_VALID while it has a valid one. */
  async request(orderNo: string, buyer: InvoiceBuyer, operatorId: string): Promise<InvoiceRecord> {
    const order = await this.deps.orders.get(orderNo); // ORDER_NOT_FOUND outside the scope
    const em = this.deps.em.fork();
    const configRow = await em.findOne(StationInvoiceConfigEntity, { stationId: order.stationId });
    const config: StationInvoiceConfig | undefined = configRow
      ? {
          merchantNo: configRow.merchantNo,
          sellerName: configRow.company,
          sellerTaxpayerId: configRow.taxpayerId,
          energy: { rate: configRow.energyTaxRate, taxCode: configRow.energyTaxCode },
          service: { rate: configRow.serviceTaxRate, taxCode: configRow.serviceTaxCode },
        }
      : undefined;
    const amount = await this.invoiceable(em, orderNo, order.fee ?? fen(0n));
    const bill = order.status === 'COMPLETED' ? await this.deps.orders.getBill(orderNo) : null;
    const parts = bill
      ? feeParts(bill, amount)
      : { energy: fen(0n), service: amount > 0n ? amount : fen(0n) };
    const existing = await em.find(InvoiceEntity, { orderNo, status: { $in: ['ISSUING', 'ISSUED'] } });
    const invoiceNo = `${orderNo}-I${randomBytes(3).toString('hex').toUpperCase()}`;
    const now = this.deps.clock();
    const result = requestInvoice({
      invoiceId: invoiceNo,
      orderNo,
      order: { status: order.status, fee: amount },
      parts,
      ...(config === undefined ? {} : { config }),
      buyer,
      existing: existing.map((row) => ({ ...stub(row), status: row.status })),
      at: now,
    });
    if (!result.ok) throw result.error;
    const invoice = result.value.state;
    try {
      await em.insert(InvoiceEntity, {
        invoiceNo,
        orderNo,
        stationId: order.stationId,
        providerId: order.providerId,
        propertyId: order.propertyId,
        status: 'ISSUING',
        buyerTitle: invoice.buyer.title,
        buyerTaxpayerId: invoice.buyer.taxpayerId,
        buyerEmail: invoice.buyer.email,
        sellerName: config!.sellerName,
        sellerTaxpayerId: config!.sellerTaxpayerId,
        amountFen: invoice.amount,
        lines: linesToJson(invoice.lines),
        attempts: 1,
        requestedBy: operatorId,
        requestedAt: now,
        updatedAt: now,
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw alreadyValid(orderNo);
      throw error;
    }
    await this.start(invoiceNo, 'ISSUE', 1);
    return this.get(invoiceNo);
  }

  /** INV-2: reissues a FAILED invoice (INVOICE_ALREADY_VALID when the order got another valid one). */
  async reissue(invoiceNo: string): Promise<InvoiceRecord> {
    const row = await this.row(invoiceNo);
    if (row.status !== 'FAILED') throw illegal(row, 'REISSUE');
    const attempt = row.attempts + 1;
    let moved: number;
    try {
      moved = await this.deps.em.fork().nativeUpdate(
        InvoiceEntity,
        { invoiceNo, status: 'FAILED', attempts: row.attempts },
        {
          status: 'ISSUING',
          attempts: attempt,
          providerTicket: null,
          failureReason: null,
          updatedAt: this.deps.clock(),
        },
      );
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw alreadyValid(row.orderNo);
      throw error;
    }
    if (moved !== 1) throw illegal(await this.row(invoiceNo), 'REISSUE');
    await this.start(invoiceNo, 'ISSUE', attempt);
    return this.get(invoiceNo);
  }

  /** INV-2: voids an ISSUED invoice; VOIDED once the provider confirms (a repeat while voiding is accepted). */
  async void(invoiceNo: string): Promise<InvoiceRecord> {
    const row = await this.row(invoiceNo);
    if (row.status !== 'ISSUED') throw illegal(row, 'VOID_REQUESTED');
    if (row.voidRequestedAt === null || row.voidRequestedAt === undefined) {
      await this.deps.em
        .fork()
        .nativeUpdate(
          InvoiceEntity,
          { invoiceNo, status: 'ISSUED', voidRequestedAt: null },
          { voidRequestedAt: this.deps.clock(), updatedAt: this.deps.clock() },
        );
    }
    await this.start(invoiceNo, 'VOID', row.attempts);
    return this.get(invoiceNo);
  }

  /** One invoice in scope, or INVOICE_NOT_FOUND. */
  async get(invoiceNo: string): Promise<InvoiceRecord> {
    return toInvoiceRecord(await this.row(invoiceNo));
  }

  /** INV-3: the PDF of an ISSUED (or since VOIDED) invoice; INVOICE_PDF_NOT_READY before. */
  async pdf(
    invoiceNo: string,
  ): Promise<{ readonly invoiceNo: string; readonly content: Uint8Array<ArrayBuffer> }> {
    const row = await this.row(invoiceNo);
    const pdf = await this.deps.em.fork().findOne(InvoicePdfEntity, { invoiceNo });
    if (!pdf || (row.status !== 'ISSUED' && row.status !== 'VOIDED'))
      throw new DomainError('INVOICE_PDF_NOT_READY', `invoice ${invoiceNo} is ${row.status}`, {
        invoiceNo,
        status: row.status,
      });
    const content = new Uint8Array(new ArrayBuffer(pdf.content.byteLength));
    content.set(pdf.content);
    return { invoiceNo, content };
  }

  /** INV-2: invoices in scope, newest first. */
  async search(filters: InvoiceSearch): Promise<{ readonly items: InvoiceRecord[]; readonly total: number }> {
    const query: Record<string, unknown> = {};
    for (const key of ['orderNo', 'stationId', 'status', 'buyerTaxpayerId', 'invoiceNumber'] as const) {
      if (filters[key] !== undefined) query[key] = filters[key];
    }
    const [rows, total] = await this.deps.em
      .fork()
      .findAndCount(InvoiceEntity, within<FilterQuery<InvoiceRow>>(this.scopeOf(), query), {
        orderBy: { requestedAt: 'desc', invoiceNo: 'desc' },
        limit: filters.limit,
        offset: filters.offset,
      });
    return { items: rows.map(toInvoiceRecord), total };
  }

  /** The fee less what was refunded (REF-1 FEE_REFUND REFUNDED): what may still be invoiced. */
  private async invoiceable(em: EntityManager, orderNo: string, fee: Fen): Promise<Fen> {
    const refunds = await em.find(RefundEntity, { orderNo, type: 'FEE_REFUND', status: 'REFUNDED' });
    return refunds.reduce((left, r) => (left - r.amountFen) as Fen, fee);
  }

  private async row(invoiceNo: string): Promise<InvoiceRow> {
    const row = await this.deps.em
      .fork()
      .findOne(InvoiceEntity, within<FilterQuery<InvoiceRow>>(this.scopeOf(), { invoiceNo }));
    if (!row) throw notFound(invoiceNo);
    return row;
  }

  private scopeOf(): Record<string, unknown> {
    return scopeWhere(this.deps.scope, STATION_LEVEL_COLUMNS);
  }

  /** Starts invoiceWorkflow for one action (its id names invoice, action and attempt: a repeat is a no-op). */
  private async start(invoiceNo: string, action: 'ISSUE' | 'VOID', attempt: number): Promise<void> {
    const input: InvoiceWorkflowInput = {
      tenantId: this.deps.tenantId,
      invoiceNo,
      action,
      attempt,
      ...(this.deps.timings ?? DEFAULT_INVOICE_TIMINGS),
    };
    try {
      await this.deps.workflows.start<typeof invoiceWorkflow>('invoiceWorkflow', {
        workflowId: invoiceWorkflowId(this.deps.tenantId, invoiceNo, action, attempt),
        taskQueue: this.deps.taskQueue,
        args: [input],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}

/** What the core's one-valid-invoice check reads of a stored invoice. */
function stub(row: InvoiceRow): Invoice {
  return {
    invoiceId: row.invoiceNo,
    orderNo: row.orderNo,
    status: row.status,
    buyer: { title: row.buyerTitle, taxpayerId: row.buyerTaxpayerId, email: row.buyerEmail },
    amount: fen(row.amountFen),
    lines: [],
    requestedAt: row.requestedAt,
    attempts: row.attempts,
  };
}

function illegal(row: InvoiceRow, event: string): DomainError {
  return new DomainError('INVOICE_ILLEGAL_TRANSITION', `a ${row.status} invoice cannot take ${event}`, {
    invoiceNo: row.invoiceNo,
    status: row.status,
    event,
  });
}

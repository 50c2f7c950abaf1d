import type { Fen } from '../money/fen.js';
import { runTransition, type LifecycleSpec, type Transition } from '../lifecycle/table.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { invoiceLines, type InvoiceLine, type StationInvoiceConfig } from './lines.js';
import { validateTaxpayerId } from './uscc.js';

/** INV-2: invoice states. */
export const INVOICE_STATUSES = ['ISSUING', 'ISSUED', 'FAILED', 'VOIDED'] as const;
/** An invoice state. */
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
/** Kinds of invoice events. */
export const INVOICE_EVENT_KINDS = [
  'PROVIDER_ISSUED',
  'PROVIDER_FAILED',
  'REISSUE',
  'VOID_REQUESTED',
  'VOID_CONFIRMED',
] as const;
/** An invoice event kind. */
export type InvoiceEventKind = (typeof INVOICE_EVENT_KINDS)[number];

/** INV-1: the buyer (购买方) fields; title, taxpayer id and e-mail are required. */
export interface InvoiceBuyer {
  readonly title: string;
  readonly taxpayerId: string;
  readonly email: string;
  readonly phone?: string;
}

/** INV-3: what the invoicing provider returned for an issued invoice. */
export interface IssuedInvoice {
  readonly invoiceNumber: string;
  readonly invoiceCode: string;
  readonly serialNo: string;
  readonly pdfUrl: string;
  readonly issuedAt: number;
}

/** An invoice of one order. */
export interface Invoice {
  readonly invoiceId: string;
  readonly orderNo: string;
  readonly status: InvoiceStatus;
  readonly buyer: InvoiceBuyer;
  readonly amount: Fen;
  readonly lines: readonly InvoiceLine[];
  readonly requestedAt: number;
  readonly attempts: number;
  readonly issued?: IssuedInvoice;
  readonly failureReason?: string;
}

/** Events of an invoice (provider results and operator actions). */
export type InvoiceEvent =
  | ({ readonly kind: 'PROVIDER_ISSUED' } & IssuedInvoice)
  | { readonly kind: 'PROVIDER_FAILED'; readonly at: number; readonly reason: string }
  | { readonly kind: 'REISSUE'; readonly at: number; readonly otherInvoices: readonly Invoice[] }
  | { readonly kind: 'VOID_REQUESTED' | 'VOID_CONFIRMED'; readonly at: number };

/** Effects of an invoice: calls to the invoicing provider (中税). */
export type InvoiceEffect =
  | { readonly type: 'SUBMIT_TO_PROVIDER'; readonly invoiceId: string; readonly attempt: number }
  | { readonly type: 'REQUEST_PROVIDER_VOID'; readonly invoiceId: string; readonly invoiceNumber: string };

const I = 'IGNORE' as const;
const F = 'FORBIDDEN' as const;

/** INV-2 table: FAILED can be reissued, ISSUED can be voided (after the provider confirms), VOIDED is invalid for good. */
export const INVOICE_LIFECYCLE: LifecycleSpec<InvoiceStatus, InvoiceEventKind> = {
  name: 'invoice',
  states: INVOICE_STATUSES,
  kinds: INVOICE_EVENT_KINDS,
  initial: ['ISSUING'],
  final: ['VOIDED'],
  illegalCode: 'INVOICE_ILLEGAL_TRANSITION',
  table: {
    ISSUING: {
      PROVIDER_ISSUED: ['ISSUED'],
      PROVIDER_FAILED: ['FAILED'],
      REISSUE: F,
      VOID_REQUESTED: F,
      VOID_CONFIRMED: F,
    },
    ISSUED: {
      PROVIDER_ISSUED: I,
      PROVIDER_FAILED: I,
      REISSUE: F,
      VOID_REQUESTED: ['ISSUED'],
      VOID_CONFIRMED: ['VOIDED'],
    },
    FAILED: {
      PROVIDER_ISSUED: ['ISSUED'],
      PROVIDER_FAILED: I,
      REISSUE: ['ISSUING'],
      VOID_REQUESTED: F,
      VOID_CONFIRMED: F,
    },
    VOIDED: { PROVIDER_ISSUED: I, PROVIDER_FAILED: I, REISSUE: F, VOID_REQUESTED: F, VOID_CONFIRMED: I },
  },
};

/** INV-2: an invoice is valid while ISSUING or ISSUED; an order has at most one. */
export const isValidInvoice = (invoice: Invoice): boolean =>
  invoice.status === 'ISSUING' || invoice.status === 'ISSUED';

function alreadyValid(orderNo: string, others: readonly Invoice[], self?: string): DomainError | undefined {
  const valid = others.find((i) => i.orderNo === orderNo && i.invoiceId !== self && isValidInvoice(i));
  return (
    valid &&
    new DomainError('INVOICE_ALREADY_VALID', `order ${orderNo} already has a valid invoice`, {
      orderNo,
      invoiceId: valid.invoiceId,
    })
  );
}

/** What requesting an invoice needs. */
export interface RequestInvoiceInput {
  readonly invoiceId: string;
  readonly orderNo: string;
  readonly order: { readonly status: string; readonly fee: Fen };
  /** Energy and service parts of the amount to invoice (see feeParts). */
  readonly parts: { readonly energy: Fen; readonly service: Fen };
  readonly config?: StationInvoiceConfig;
  readonly buyer: InvoiceBuyer;
  readonly existing: readonly Invoice[];
  readonly at: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** INV-1…INV-3: checks eligibility and fields, builds the lines, and submits an ISSUING invoice to the provider. */
export function requestInvoice(input: RequestInvoiceInput): Result<Transition<Invoice, InvoiceEffect>> {
  const { order, orderNo, config, buyer } = input;
  if (order.status !== 'COMPLETED' || order.fee <= 0n) {
    return err(
      new DomainError('INVOICE_ORDER_NOT_ELIGIBLE', 'only a COMPLETED order with fee > 0 is invoiced', {
        orderNo,
        status: order.status,
        fee: order.fee,
      }),
    );
  }
  if (config === undefined)
    return err(
      new DomainError('INVOICE_NOT_CONFIGURED', 'the station has no invoice configuration', { orderNo }),
    );
  for (const field of ['title', 'taxpayerId', 'email'] as const) {
    if (buyer[field].trim() === '')
      return err(new DomainError('INVOICE_FIELD_REQUIRED', `${field} is required`, { field }));
  }
  const taxpayerId = validateTaxpayerId(buyer.taxpayerId);
  if (!taxpayerId.ok) return taxpayerId;
  if (!EMAIL.test(buyer.email.trim()))
    return err(
      new DomainError('INVOICE_EMAIL_INVALID', 'the e-mail address is not valid', { email: buyer.email }),
    );
  const conflict = alreadyValid(orderNo, input.existing);
  if (conflict) return err(conflict);
  const lines = invoiceLines(input.parts, config);
  const invoice: Invoice = {
    invoiceId: input.invoiceId,
    orderNo,
    status: 'ISSUING',
    buyer: { ...buyer, title: buyer.title.trim(), email: buyer.email.trim(), taxpayerId: taxpayerId.value },
    amount: (input.parts.energy + input.parts.service) as Fen,
    lines,
    requestedAt: input.at,
    attempts: 1,
  };
  return ok({
    state: invoice,
    effects: [{ type: 'SUBMIT_TO_PROVIDER', invoiceId: invoice.invoiceId, attempt: 1 }],
  });
}

type Step = Result<Transition<Invoice, InvoiceEffect>>;

/** INV-2: one step of an invoice; a reissue is refused with INVOICE_ALREADY_VALID when the order got another valid invoice. */
export function transitionInvoice(state: Invoice, event: InvoiceEvent): Step {
  return runTransition(INVOICE_LIFECYCLE, state, event, (s, e): Step => {
    const { failureReason: _f, ...clean } = s;
    switch (e.kind) {
      case 'PROVIDER_ISSUED': {
        const { kind: _k, ...issued } = e;
        return ok({ state: { ...clean, status: 'ISSUED', issued }, effects: [] });
      }
      case 'PROVIDER_FAILED':
        return ok({ state: { ...s, status: 'FAILED', failureReason: e.reason }, effects: [] });
      case 'REISSUE': {
        const conflict = alreadyValid(s.orderNo, e.otherInvoices, s.invoiceId);
        if (conflict) return err(conflict);
        const attempt = s.attempts + 1;
        return ok({
          state: { ...clean, status: 'ISSUING', attempts: attempt },
          effects: [{ type: 'SUBMIT_TO_PROVIDER', invoiceId: s.invoiceId, attempt }],
        });
      }
      case 'VOID_REQUESTED':
        return ok({
          state: s,
          effects: [
            {
              type: 'REQUEST_PROVIDER_VOID',
              invoiceId: s.invoiceId,
              invoiceNumber: s.issued?.invoiceNumber ?? '',
            },
          ],
        });
      case 'VOID_CONFIRMED':
        return ok({ state: { ...s, status: 'VOIDED' }, effects: [] });
    }
  });
}

// Ports of invoiceWorkflow (INV-1..INV-3) and its activities; adapters implement them over the
// tenant's invoice rows and the invoicing provider. Imported into the workflow with `import type`.

/** Which invoice of which tenant, and which attempt (INV-2: a reissue is attempt 2, 3, …). */
export interface InvoiceRef {
  readonly tenantId: string;
  readonly invoiceNo: string;
  readonly attempt: number;
}

/** An invoice's state as the database holds it (INV-2). */
export interface InvoiceProgress {
  readonly invoiceNo: string;
  readonly status: 'ISSUING' | 'ISSUED' | 'FAILED' | 'VOIDED';
  readonly attempts: number;
  /** True while a void was asked of the provider and not yet confirmed. */
  readonly voiding: boolean;
}

/** The invoice desk: sends invoices (and voids) to the provider and applies its answers. */
export interface InvoiceDesk {
  /** Submits the ISSUING attempt to the provider; idempotent by invoice no. and attempt. */
  submit(ref: InvoiceRef): Promise<InvoiceProgress>;
  /** Asks the provider about the attempt; ISSUED stores number, code, serial and the rendered PDF. */
  check(ref: InvoiceRef): Promise<InvoiceProgress>;
  /** Asks the provider to void the ISSUED invoice (red-letter); idempotent. */
  requestVoid(ref: InvoiceRef): Promise<InvoiceProgress>;
  /** Asks the provider about the void; its confirmation makes the invoice VOIDED. */
  checkVoid(ref: InvoiceRef): Promise<InvoiceProgress>;
}

/** Activities of `invoiceWorkflow`. */
export interface InvoiceActivities {
  submitInvoice(ref: InvoiceRef): Promise<InvoiceProgress>;
  checkInvoice(ref: InvoiceRef): Promise<InvoiceProgress>;
  requestInvoiceVoid(ref: InvoiceRef): Promise<InvoiceProgress>;
  checkInvoiceVoid(ref: InvoiceRef): Promise<InvoiceProgress>;
}

/** Builds the invoice activities over the desk (register them on the worker). */
export function createInvoiceActivities(desk: InvoiceDesk): InvoiceActivities {
  return {
    submitInvoice: (ref) => desk.submit(ref),
    checkInvoice: (ref) => desk.check(ref),
    requestInvoiceVoid: (ref) => desk.requestVoid(ref),
    checkInvoiceVoid: (ref) => desk.checkVoid(ref),
  };
}

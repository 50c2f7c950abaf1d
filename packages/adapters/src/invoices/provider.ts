// The invoicing provider port (中税 and the like, INV-2): an invoice is submitted and answered later;
// its status is asked with the ticket the submission returned. Adapters: the sandbox (sandbox-provider.ts).

/** What is sent to the provider for one attempt of one invoice. */
export interface InvoiceSubmission {
  /** Unique per attempt: `<invoiceNo>-<attempt>`; a repeat returns the same ticket. */
  readonly requestId: string;
  readonly invoiceNo: string;
  readonly sellerName: string;
  readonly sellerTaxpayerId: string;
  readonly buyerTitle: string;
  readonly buyerTaxpayerId: string;
  readonly buyerEmail: string;
  /** Tax-inclusive total, fen as a decimal string. */
  readonly amountFen: string;
}

/** The provider's answer about an invoice or a void. */
export type ProviderAnswer =
  | { readonly state: 'PENDING' }
  | {
      readonly state: 'ISSUED';
      readonly invoiceNumber: string;
      readonly invoiceCode: string;
      readonly serialNo: string;
      readonly issuedAt: number;
    }
  | { readonly state: 'VOIDED'; readonly at: number }
  | { readonly state: 'FAILED'; readonly reason: string };

/** An invoicing provider: asynchronous, so every call returns a ticket to ask about later. */
export interface InvoicingProvider {
  readonly name: string;
  submit(submission: InvoiceSubmission): Promise<{ readonly ticket: string }>;
  status(ticket: string): Promise<ProviderAnswer>;
  requestVoid(request: {
    readonly requestId: string;
    readonly invoiceNumber: string;
  }): Promise<{ readonly ticket: string }>;
  voidStatus(ticket: string): Promise<ProviderAnswer>;
}

// Ports of refundWorkflow (REF-1, REF-2) and its activities; adapters implement them over the
// tenant's payment ledger and the payment's channel. Imported into the workflow with `import type`.

/** Which refund of which tenant. */
export interface RefundRef {
  readonly tenantId: string;
  readonly refundNo: string;
}

/** A refund's state as the ledger holds it (REF-2). */
export interface RefundProgress {
  readonly refundNo: string;
  readonly status: 'PENDING' | 'REFUNDING' | 'REFUNDED' | 'FAILED';
  readonly attempts: number;
}

/** The refund desk: sends refunds to their payment's channel and reads (or asks for) their result. */
export interface RefundDesk {
  /** Sends the REFUNDING refund to its channel; idempotent by refund no. (the channel knows it). */
  submit(ref: RefundRef): Promise<RefundProgress>;
  /** The stored state; when still REFUNDING and `ask`, the channel is queried and its answer applied. */
  check(ref: RefundRef & { readonly ask: boolean }): Promise<RefundProgress>;
}

/** Activities of `refundWorkflow`. */
export interface RefundActivities {
  submitRefund(ref: RefundRef): Promise<RefundProgress>;
  checkRefund(ref: RefundRef & { readonly ask: boolean }): Promise<RefundProgress>;
}

/** Builds the refund activities over the desk (register them on the worker). */
export function createRefundActivities(desk: RefundDesk): RefundActivities {
  return {
    submitRefund: (ref) => desk.submit(ref),
    checkRefund: (ref) => desk.check(ref),
  };
}

// Ports of splitWorkflow (SPL-1) and its activities; adapters implement them over the tenant's
// split ledger and the order's payment channel. Imported into the workflow with `import type`.

/** Which order's split of which tenant. */
export interface SplitRef {
  readonly tenantId: string;
  readonly orderNo: string;
}

/** A split's state as the ledger holds it (SPL-1); amounts are decimal CNY strings. */
export interface SplitProgress {
  /** Null when the order is not split (SPLIT_NOT_APPLICABLE: splits off, unpaid, free, unfinished). */
  readonly splitNo: string | null;
  readonly status:
    'NOT_APPLICABLE' | 'PENDING' | 'PROCESSING' | 'SUCCEEDED' | 'FAILED' | 'REVERSING' | 'REVERSED';
  /** The operator round the ledger is in (0: the automatic split; each retry or reversal adds one). */
  readonly round: number;
  /** Parts still waiting for the channel (PROCESSING or REVERSING). */
  readonly open: number;
  readonly parts: readonly {
    readonly merchantId: string;
    readonly amount: string;
    readonly status: string;
  }[];
}

/** The split desk: plans a split, sends its open parts to the channel and reads (or asks for) their results. */
export interface SplitDesk {
  /** Plans and stores the order's split (idempotent by order no.); NOT_APPLICABLE when it is not split. */
  open(ref: SplitRef): Promise<SplitProgress>;
  /** Sends every open part to the channel; idempotent (the channel knows each request no.). */
  submit(ref: SplitRef): Promise<SplitProgress>;
  /** The stored state; when parts are still open and `ask`, the channel is queried and its answers applied. */
  check(ref: SplitRef & { readonly ask: boolean }): Promise<SplitProgress>;
}

/** Activities of `splitWorkflow`. */
export interface SplitActivities {
  openSplit(ref: SplitRef): Promise<SplitProgress>;
  submitSplit(ref: SplitRef): Promise<SplitProgress>;
  checkSplit(ref: SplitRef & { readonly ask: boolean }): Promise<SplitProgress>;
}

/** Builds the split activities over the desk (register them on the worker). */
export function createSplitActivities(desk: SplitDesk): SplitActivities {
  return {
    openSplit: (ref) => desk.open(ref),
    submitSplit: (ref) => desk.submit(ref),
    checkSplit: (ref) => desk.check(ref),
  };
}

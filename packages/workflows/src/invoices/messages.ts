// Messages of invoiceWorkflow, defined beside it; clients import these definitions.
import { defineQuery } from '@temporalio/workflow';
import type { InvoiceProgress } from './activities.js';

/** Input of invoiceWorkflow: one action on one invoice (INV-2). */
export interface InvoiceWorkflowInput {
  readonly tenantId: string;
  readonly invoiceNo: string;
  /** ISSUE: submit attempt `attempt` and wait for ISSUED or FAILED; VOID: void the ISSUED invoice. */
  readonly action: 'ISSUE' | 'VOID';
  readonly attempt: number;
  /** How often the provider is asked while it has no answer (ms). */
  readonly pollMs: number;
  /** After this long without an answer the workflow ends with the invoice as it is (ms). */
  readonly giveUpAfterMs: number;
}

/** The invoice as the workflow last saw it. */
export const invoiceStatusQuery = defineQuery<InvoiceProgress | null>('invoiceStatus');

/** The workflow id of an action on an invoice, from its invoice no. (a repeat is refused by Temporal). */
export const invoiceWorkflowId = (
  tenantId: string,
  invoiceNo: string,
  action: 'ISSUE' | 'VOID',
  attempt: number,
): string => `invoice-${tenantId}-${invoiceNo}-${action === 'ISSUE' ? `issue-${attempt}` : 'void'}`;

/** Timings of invoice actions when the caller sets none. */
export const DEFAULT_INVOICE_TIMINGS = { pollMs: 5_000, giveUpAfterMs: 86_400_000 };

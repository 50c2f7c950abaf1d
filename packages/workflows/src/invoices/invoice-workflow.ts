// invoiceWorkflow (INV-1..INV-3): one action on an invoice. ISSUE carries an ISSUING attempt to the
// provider and waits (polling its status) for ISSUED — number, code, serial and PDF stored by the
// desk — or FAILED; VOID asks the provider to void an ISSUED invoice and waits for its confirmation.
// Whether an order may get the invoice was decided in the database before (one valid invoice).
import { proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { InvoiceActivities, InvoiceProgress } from './activities.js';
import { invoiceStatusQuery, type InvoiceWorkflowInput } from './messages.js';

const { submitInvoice, checkInvoice, requestInvoiceVoid, checkInvoiceVoid } =
  proxyActivities<InvoiceActivities>({
    startToCloseTimeout: '30 seconds',
    // A provider or database outage is waited out; the desk's calls are idempotent.
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
  });

/**
 * INV-2: ISSUE submits, then asks the provider every `pollMs` until the attempt is ISSUED or FAILED;
 * VOID asks for the void, then until VOIDED. Either gives up after `giveUpAfterMs` (the invoice
 * stays as it is for an operator). Replays and worker restarts resume where it was.
 */
export async function invoiceWorkflow(input: InvoiceWorkflowInput): Promise<InvoiceProgress> {
  const ref = { tenantId: input.tenantId, invoiceNo: input.invoiceNo, attempt: input.attempt };
  let progress: InvoiceProgress | null = null;
  setHandler(invoiceStatusQuery, () => progress);
  const issue = input.action === 'ISSUE';
  progress = await (issue ? submitInvoice(ref) : requestInvoiceVoid(ref));
  // An ISSUE attempt is over once a newer attempt started (a reissue) or the provider answered.
  const open = (p: InvoiceProgress) =>
    issue ? p.status === 'ISSUING' && p.attempts === input.attempt : p.status === 'ISSUED' && p.voiding;
  const started = workflowInfo().startTime.getTime();
  while (open(progress)) {
    if (Date.now() - started >= input.giveUpAfterMs) return progress;
    await sleep(input.pollMs);
    progress = await (issue ? checkInvoice(ref) : checkInvoiceVoid(ref));
  }
  return progress;
}

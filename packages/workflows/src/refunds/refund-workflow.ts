// refundWorkflow (REF-1, REF-2): one attempt of a refund, from REFUNDING to REFUNDED or FAILED.
// The limit was enforced when the refund was reserved (under the payment row's lock); this workflow
// only carries it through the channel: submit, wait for the callback, ask the channel as fallback.
import { condition, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { RefundActivities, RefundProgress } from './activities.js';
import { refundSettledSignal, refundStatusQuery, type RefundWorkflowInput } from './messages.js';

const { submitRefund, checkRefund } = proxyActivities<RefundActivities>({
  startToCloseTimeout: '30 seconds',
  // Money: retried without limit (a channel or database outage is waited out).
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const open = (p: RefundProgress | null) => p === null || p.status === 'REFUNDING' || p.status === 'PENDING';

/**
 * REF-2: submits the refund to its channel, waits for the settling callback (signal) up to
 * `callbackTimeoutMs`, then asks the channel every `pollMs` until it answers or `giveUpAfterMs`
 * passed. Returns the refund as settled (REFUNDED or FAILED, or still REFUNDING when given up).
 * Replays and worker restarts resume where it was; the ledger settles each refund once.
 */
export async function refundWorkflow(input: RefundWorkflowInput): Promise<RefundProgress> {
  const ref = { tenantId: input.tenantId, refundNo: input.refundNo };
  let progress: RefundProgress | null = null;
  let signalled = false;
  setHandler(refundStatusQuery, () => progress);
  setHandler(refundSettledSignal, () => {
    signalled = true;
  });
  progress = await submitRefund(ref);
  if (!open(progress)) return progress;
  await condition(() => signalled, input.callbackTimeoutMs);
  const started = workflowInfo().startTime.getTime();
  for (;;) {
    progress = await checkRefund({ ...ref, ask: !signalled });
    if (!open(progress)) return progress;
    if (Date.now() - started >= input.giveUpAfterMs) return progress;
    signalled = false;
    await Promise.race([sleep(input.pollMs), condition(() => signalled)]);
  }
}

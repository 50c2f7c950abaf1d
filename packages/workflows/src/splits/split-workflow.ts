// splitWorkflow (SPL-1): one round of an order's split settlement. Round 0 plans the split from the
// station's ratios (in the ledger, exactly once per order) and sends each part to the channel; an
// operator's retry or reversal is a later round that carries the parts it moved. The ledger decides
// every transition; this workflow only submits, waits for the callbacks and asks as a fallback.
import { condition, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { SplitActivities, SplitProgress } from './activities.js';
import { splitSettledSignal, splitStatusQuery, type SplitWorkflowInput } from './messages.js';

const { openSplit, submitSplit, checkSplit } = proxyActivities<SplitActivities>({
  startToCloseTimeout: '30 seconds',
  // Money: retried without limit (a channel or database outage is waited out).
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/**
 * SPL-1: opens the split (round 0), submits its open parts, waits for the settling callbacks (signal)
 * up to `callbackTimeoutMs`, then asks the channel every `pollMs` until no part is open or
 * `giveUpAfterMs` passed. Returns the split as left (SUCCEEDED, FAILED, REVERSED, … or NOT_APPLICABLE).
 */
export async function splitWorkflow(input: SplitWorkflowInput): Promise<SplitProgress> {
  const ref = { tenantId: input.tenantId, orderNo: input.orderNo };
  let progress: SplitProgress | null = null;
  let signalled = false;
  setHandler(splitStatusQuery, () => progress);
  setHandler(splitSettledSignal, () => {
    signalled = true;
  });
  if (input.round === 0) {
    progress = await openSplit(ref);
    if (progress.status === 'NOT_APPLICABLE') return progress;
  }
  progress = await submitSplit(ref);
  if (progress.open === 0) return progress;
  await condition(() => signalled, input.callbackTimeoutMs);
  const started = workflowInfo().startTime.getTime();
  for (;;) {
    progress = await checkSplit({ ...ref, ask: !signalled });
    if (progress.open === 0) return progress;
    if (Date.now() - started >= input.giveUpAfterMs) return progress;
    signalled = false;
    await Promise.race([sleep(input.pollMs), condition(() => signalled)]);
  }
}

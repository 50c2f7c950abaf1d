// The memory bench's floor: a workflow that holds nothing and waits for one signal. Its own bundle
// (only the SDK's modules): what any cached workflow costs on this worker.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';

/** Ends the idle workflow. */
export const wakeSignal = defineSignal('wake');

/** Waits for `wake`; cached meanwhile like a session. */
export async function idleWorkflow(): Promise<void> {
  let woken = false;
  setHandler(wakeSignal, () => {
    woken = true;
  });
  await condition(() => woken);
}

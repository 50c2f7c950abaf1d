// The waiting part of a session workflow, shared by the car and the e-bike session: wait for work,
// a final state or the next timer; after the end, keep answering late device events for a while.
import { condition } from '@temporalio/workflow';
import { drainWork, type WorkQueue, type WorkTarget } from './work.js';

/** What the loop needs of a session (ChargingSession, EbikeChargingSession). */
export interface LoopSession extends WorkQueue {
  readonly isFinal: boolean;
  nextDeadline(): number | undefined;
  fireDueTimers(now: number): void;
}

/** Default time a finished session keeps listening for late device events. */
export const DEFAULT_AFTER_END_LISTEN_MS = 60_000;

/** Waits for work, a final state or the next timer deadline; fires due timers. */
export async function waitForInput(session: LoopSession): Promise<void> {
  const deadline = session.nextDeadline();
  const ready = () => session.hasWork || session.isFinal;
  if (deadline === undefined) {
    await condition(ready);
    return;
  }
  const wait = deadline - Date.now();
  if (wait > 0 && (await condition(ready, wait))) return;
  session.fireDueTimers(Date.now());
}

/** After the end, late device events still get their answer (e.g. a late START_ACCEPTED gets a stop). */
export async function listenAfterEnd(
  target: WorkTarget,
  session: LoopSession,
  afterEndListenMs: number = DEFAULT_AFTER_END_LISTEN_MS,
): Promise<void> {
  const until = Date.now() + afterEndListenMs;
  while (Date.now() < until && (await condition(() => session.hasWork, until - Date.now()))) {
    await drainWork(target, session);
  }
}

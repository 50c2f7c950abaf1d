// The waiting part of a session workflow, shared by the car and the e-bike session: wait for work,
// a final state or the next timer; after the end, keep answering late device events for a while.
import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';
import { drainWork, type WorkQueue, type WorkTarget } from './work.js';

/** What the loop needs of a session (ChargingSession, EbikeChargingSession). */
export interface LoopSession extends WorkQueue {
  readonly isFinal: boolean;
  nextDeadline(): number | undefined;
  fireDueTimers(now: number): void;
  /** Runs before due timers fire (the car session reads its recorded samples first, decision 0019). */
  beforeTimers?(now: number): Promise<void>;
}

/** Default time a finished session keeps listening for late device events. */
export const DEFAULT_AFTER_END_LISTEN_MS = 60_000;
/** Default number of inputs one run handles before continuing as new. */
export const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 2000;
/**
 * Default number of signals and updates one run receives before continuing as new: well under
 * Temporal's 10,000 signals per execution, and with batched signals (one per consumed Kafka batch)
 * a long session reaches it only after hours.
 */
export const DEFAULT_CONTINUE_AS_NEW_AFTER_SIGNALS = 1000;

/** A session the whole loop can run: its queue, timers, input count and continue-as-new state. */
export interface RunnableSession<C> extends LoopSession {
  readonly inputCount: number;
  carryOver(): C;
}

/** The workflow knobs the loop reads (ChargingSessionOptions, the e-bike session's options). */
export interface LoopOptions {
  readonly continueAsNewAfterEvents?: number;
  readonly continueAsNewAfterSignals?: number;
  readonly afterEndListenMs?: number;
}

/**
 * A session workflow's life after it opened: run its work, wait for input, continue as new before
 * the history limits (inputs and signals counted, or when Temporal suggests it), and after the end
 * listen for late events; returns once every handler finished. `next` is the workflow's own
 * `continueAsNew` with the carry-over.
 */
export async function runSessionLoop<C>(
  target: WorkTarget,
  session: RunnableSession<C>,
  messages: { readonly received: number },
  options: LoopOptions | undefined,
  next: (carry: C) => Promise<never>,
): Promise<void> {
  const threshold = options?.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
  const signalThreshold = options?.continueAsNewAfterSignals ?? DEFAULT_CONTINUE_AS_NEW_AFTER_SIGNALS;
  for (;;) {
    await drainWork(target, session);
    if (session.isFinal) break;
    if (
      session.inputCount >= threshold ||
      messages.received >= signalThreshold ||
      workflowInfo().continueAsNewSuggested
    ) {
      await condition(allHandlersFinished);
      if (!session.hasWork && !session.isFinal) await next(session.carryOver());
      continue;
    }
    await waitForInput(session);
  }
  await listenAfterEnd(target, session, options?.afterEndListenMs);
  await condition(allHandlersFinished);
}

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
  if (session.beforeTimers !== undefined) await session.beforeTimers(Date.now());
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

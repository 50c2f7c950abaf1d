import { runTransition, type LifecycleSpec, type Transition } from '../lifecycle/table.js';
import { ok, type Result } from '../shared/result.js';

/** How many recent event ids an order remembers; older repeats are caught by the monotonic rules (ORD-7). */
export const SEEN_EVENT_IDS_KEPT = 64;

/** True when the event id was already processed. */
export function wasSeen(seen: readonly string[], eventId: string): boolean {
  return seen.includes(eventId);
}

/** Remembers an event id, keeping only the most recent SEEN_EVENT_IDS_KEPT. */
export function remember(seen: readonly string[], eventId: string): readonly string[] {
  const next = [...seen, eventId];
  return next.length > SEEN_EVENT_IDS_KEPT ? next.slice(next.length - SEEN_EVENT_IDS_KEPT) : next;
}

/**
 * ORD-7: one de-duplicated step of an order lifecycle. A repeated event id is a no-op (same state, no
 * effects); otherwise the table decides, and an event that changed something is remembered.
 */
export function stepOnce<
  S extends string,
  K extends string,
  State extends { readonly status: S; readonly seenEventIds: readonly string[] },
  Event extends { readonly kind: K; readonly eventId: string },
  Effect,
>(
  spec: LifecycleSpec<S, K>,
  state: State,
  event: Event,
  apply: (state: State, event: Event) => Result<Transition<State, Effect>>,
): Result<Transition<State, Effect>> {
  if (wasSeen(state.seenEventIds, event.eventId)) return ok({ state, effects: [] });
  const result = runTransition(spec, state, event, apply);
  if (!result.ok || (result.value.state === state && result.value.effects.length === 0)) return result;
  return ok({
    ...result.value,
    state: { ...result.value.state, seenEventIds: remember(state.seenEventIds, event.eventId) },
  });
}

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

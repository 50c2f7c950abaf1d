import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/**
 * One cell of a transition table: the states an event may lead to, `IGNORE` (accepted, a no-op:
 * late or stale input such as an old timer), or `FORBIDDEN` (a typed error).
 */
export type TransitionCell<S extends string> = readonly S[] | 'IGNORE' | 'FORBIDDEN';

/** A complete transition table: every state × every event kind has a cell (checked by the compiler). */
export type TransitionTable<S extends string, K extends string> = Readonly<
  Record<S, Readonly<Record<K, TransitionCell<S>>>>
>;

/** The outcome of a lifecycle step: the next state and the effects a workflow must carry out. */
export interface Transition<State, Effect> {
  readonly state: State;
  readonly effects: readonly Effect[];
}

/** Describes a lifecycle for the generic step: its table, its error code and a name for messages. */
export interface LifecycleSpec<S extends string, K extends string> {
  readonly name: string;
  readonly table: TransitionTable<S, K>;
  readonly states: readonly S[];
  readonly kinds: readonly K[];
  readonly initial: readonly S[];
  readonly final: readonly S[];
  readonly illegalCode: string;
}

/** The cell for a state and an event kind. */
export function cellOf<S extends string, K extends string>(
  table: TransitionTable<S, K>,
  state: S,
  kind: K,
): TransitionCell<S> {
  return table[state][kind];
}

/** The typed error for a forbidden pair; details carry {from, event}. */
export function illegalTransition(code: string, name: string, from: string, event: string): DomainError {
  return new DomainError(code, `${name}: event ${event} is not allowed in state ${from}`, { from, event });
}

/**
 * Runs one step: FORBIDDEN → typed error, IGNORE → same state without effects, otherwise `apply`,
 * whose resulting state must be one the table names (a mismatch is a programming error and throws).
 */
export function runTransition<
  S extends string,
  K extends string,
  State extends { readonly status: S },
  Event extends { readonly kind: K },
  Effect,
>(
  spec: LifecycleSpec<S, K>,
  state: State,
  event: Event,
  apply: (state: State, event: Event) => Result<Transition<State, Effect>>,
): Result<Transition<State, Effect>> {
  const cell = cellOf(spec.table, state.status, event.kind);
  if (cell === 'FORBIDDEN')
    return err(illegalTransition(spec.illegalCode, spec.name, state.status, event.kind));
  if (typeof cell === 'string') return ok({ state, effects: [] });
  const result = apply(state, event);
  if (result.ok && !cell.includes(result.value.state.status)) {
    throw new Error(
      `${spec.name}: ${state.status} × ${event.kind} produced ${result.value.state.status}, not in the table`,
    );
  }
  return result;
}

/** Every (from, event, to) edge the table allows, in table order. */
export function edgesOf<S extends string, K extends string>(
  spec: LifecycleSpec<S, K>,
): readonly { readonly from: S; readonly event: K; readonly to: S }[] {
  const edges: { from: S; event: K; to: S }[] = [];
  for (const from of spec.states) {
    for (const event of spec.kinds) {
      const cell = spec.table[from][event];
      if (typeof cell === 'string') continue;
      for (const to of cell as readonly S[]) edges.push({ from, event, to });
    }
  }
  return edges;
}

/** Every (state, event) pair with the given cell type, for table-driven tests. */
export function pairsOf<S extends string, K extends string>(
  spec: LifecycleSpec<S, K>,
  which: 'ALLOWED' | 'IGNORE' | 'FORBIDDEN',
): readonly (readonly [S, K])[] {
  const pairs: (readonly [S, K])[] = [];
  for (const state of spec.states) {
    for (const kind of spec.kinds) {
      const cell = spec.table[state][kind];
      const type = cell === 'IGNORE' || cell === 'FORBIDDEN' ? cell : 'ALLOWED';
      if (type === which) pairs.push([state, kind]);
    }
  }
  return pairs;
}

/** Renders the table as a mermaid stateDiagram-v2 (self-loops included, ignored events left out). */
export function toMermaid<S extends string, K extends string>(spec: LifecycleSpec<S, K>): string {
  const lines = ['stateDiagram-v2'];
  for (const s of spec.initial) lines.push(`  [*] --> ${s}`);
  const merged = new Map<string, K[]>();
  for (const { from, event, to } of edgesOf(spec)) {
    const key = `${from} --> ${to}`;
    merged.set(key, [...(merged.get(key) ?? []), event]);
  }
  for (const [key, events] of merged) lines.push(`  ${key}: ${events.join(', ')}`);
  for (const s of spec.final) lines.push(`  ${s} --> [*]`);
  return lines.join('\n');
}

/**
 * Checks one step against the table (for table-driven tests): allowed → ok in a named state;
 * IGNORE → same state, no effects; FORBIDDEN → the lifecycle's error code with {from, event}.
 * Returns a description of the mismatch, or undefined when the step follows the table.
 */
export function verifyStep<S extends string, K extends string>(
  spec: LifecycleSpec<S, K>,
  from: { readonly status: S },
  kind: K,
  result: Result<Transition<{ readonly status: S }, unknown>>,
): string | undefined {
  const cell = spec.table[from.status][kind];
  if (cell === 'FORBIDDEN') {
    if (result.ok) return `expected ${spec.illegalCode}, got state ${result.value.state.status}`;
    const { code, details } = result.error;
    if (code !== spec.illegalCode || details['from'] !== from.status || details['event'] !== kind)
      return `wrong error ${code}`;
    return undefined;
  }
  if (!result.ok) return `expected success, got ${result.error.code}`;
  if (cell === 'IGNORE') {
    return result.value.state === from && result.value.effects.length === 0
      ? undefined
      : 'an ignored event changed something';
  }
  return (cell as readonly S[]).includes(result.value.state.status)
    ? undefined
    : `reached ${result.value.state.status}`;
}

import type { DomainError } from './errors.js';

/** The outcome of a rule: a value, or the typed error that explains why not. */
export type Result<T, E extends DomainError = DomainError> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Wraps a successful value. */
export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

/** Wraps a failure. */
export const err = <E extends DomainError>(error: E): { readonly ok: false; readonly error: E } => ({
  ok: false,
  error,
});

/** Returns the value or throws the error (for callers that treat failure as exceptional). */
export function unwrap<T, E extends DomainError>(result: Result<T, E>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** Sign-in lockout (issue 10): after 5 failed sign-ins in a row the account is locked for 15 minutes. */
export const LOCKOUT_POLICY = {
  maxFailures: 5,
  lockMs: 15 * 60_000,
} as const;

/** Shape of the lockout policy (override in tests or per deployment). */
export type LockoutPolicy = { readonly [K in keyof typeof LOCKOUT_POLICY]: number };

/** The lockout state a login row carries: consecutive failures and the end of the lock (epoch ms) they caused. */
export interface LockoutState {
  readonly failedLogins: number;
  readonly lockedUntil: number | null;
}

/** The state before any failure (and after a success). */
export const UNLOCKED: LockoutState = { failedLogins: 0, lockedUntil: null };

/** The state as of `now`: a lock that has run out is forgotten together with the failures that caused it. */
export function currentLockout(state: LockoutState, now: number): LockoutState {
  return state.lockedUntil !== null && now >= state.lockedUntil ? UNLOCKED : state;
}

/** Whether a sign-in may be attempted at `now`: ACCOUNT_LOCKED (details.retryAfterMs, lockedUntil) while locked. */
export function checkSignInAllowed(
  state: LockoutState,
  now: number,
): Result<void, DomainError<'ACCOUNT_LOCKED'>> {
  const { lockedUntil } = currentLockout(state, now);
  if (lockedUntil === null) return ok(undefined);
  return err(
    new DomainError('ACCOUNT_LOCKED', 'too many failed sign-ins; try again later', {
      retryAfterMs: lockedUntil - now,
      lockedUntil,
    }),
  );
}

/** The state after a failed sign-in at `now`: one more failure; the `maxFailures`-th locks for `lockMs`. */
export function afterSignInFailure(
  state: LockoutState,
  now: number,
  policy: LockoutPolicy = LOCKOUT_POLICY,
): LockoutState {
  const failedLogins = currentLockout(state, now).failedLogins + 1;
  return {
    failedLogins,
    lockedUntil: failedLogins >= policy.maxFailures ? now + policy.lockMs : null,
  };
}

/** The state after a successful sign-in: failures forgotten, no lock. */
export const afterSignInSuccess = (): LockoutState => UNLOCKED;

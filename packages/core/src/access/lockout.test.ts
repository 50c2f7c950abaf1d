import { describe, expect, it } from 'vitest';
import {
  LOCKOUT_POLICY,
  UNLOCKED,
  afterSignInFailure,
  afterSignInSuccess,
  checkSignInAllowed,
  currentLockout,
  type LockoutState,
} from './lockout.js';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

/** Applies `n` failures one millisecond apart, starting at `at`. */
const fail = (state: LockoutState, n: number, at = T0): LockoutState =>
  Array.from({ length: n }).reduce<LockoutState>((s, _, i) => afterSignInFailure(s, at + i), state);

describe('sign-in lockout (issue 10: wrong password; ORG-4)', () => {
  it('the policy: 5 failures lock the account for 15 minutes', () => {
    expect(LOCKOUT_POLICY).toEqual({ maxFailures: 5, lockMs: 15 * MIN });
  });

  it.each([
    [0, { failedLogins: 0, lockedUntil: null }],
    [1, { failedLogins: 1, lockedUntil: null }],
    [4, { failedLogins: 4, lockedUntil: null }],
    // the 5th failure (at T0 + 4 ms) locks until T0 + 4 ms + 15 min
    [5, { failedLogins: 5, lockedUntil: T0 + 4 + 15 * MIN }],
  ])('after %i failures in a row the state is %o', (n, expected) => {
    expect(fail(UNLOCKED, n)).toEqual(expected);
  });

  it('4 failures still allow an attempt; the 5th locks it with details.retryAfterMs', () => {
    expect(checkSignInAllowed(fail(UNLOCKED, 4), T0 + 10).ok).toBe(true);
    const locked = fail(UNLOCKED, 5); // locked until T0 + 4 + 900_000
    const refused = checkSignInAllowed(locked, T0 + 4 + 10 * MIN);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('ACCOUNT_LOCKED');
    expect(refused.error.details).toEqual({ retryAfterMs: 5 * MIN, lockedUntil: T0 + 4 + 15 * MIN });
  });

  it('the lock runs out at lockedUntil, and the failures that caused it are forgotten', () => {
    const locked = fail(UNLOCKED, 5);
    const until = T0 + 4 + 15 * MIN;
    expect(checkSignInAllowed(locked, until - 1).ok).toBe(false);
    expect(checkSignInAllowed(locked, until).ok).toBe(true);
    expect(currentLockout(locked, until)).toEqual(UNLOCKED);
    // one failure after the lock ran out is the first of a new count, not the 6th
    expect(afterSignInFailure(locked, until)).toEqual({ failedLogins: 1, lockedUntil: null });
  });

  it('a success forgets the failures', () => {
    expect(afterSignInSuccess()).toEqual(UNLOCKED);
    expect(checkSignInAllowed(afterSignInSuccess(), T0).ok).toBe(true);
  });

  it('a custom policy: 3 failures lock for 1 minute', () => {
    const policy = { maxFailures: 3, lockMs: MIN };
    let state: LockoutState = UNLOCKED;
    for (let i = 0; i < 3; i += 1) state = afterSignInFailure(state, T0, policy);
    expect(state).toEqual({ failedLogins: 3, lockedUntil: T0 + MIN });
  });

  it('is pure: the same input gives the same output and the input is not changed', () => {
    const state = Object.freeze({ failedLogins: 2, lockedUntil: null });
    expect(afterSignInFailure(state, T0)).toEqual(afterSignInFailure(state, T0));
    expect(state).toEqual({ failedLogins: 2, lockedUntil: null });
  });
});

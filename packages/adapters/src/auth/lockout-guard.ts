import {
  LOCKOUT_POLICY,
  afterSignInFailure,
  afterSignInSuccess,
  checkSignInAllowed,
  ok,
  type DomainError,
  type LockoutPolicy,
  type LockoutState,
  type Result,
} from '@chargeflow/core';
import type { EntityData, EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';
import { AuthError } from './errors.js';

// Core's lockout rule applied to a login row with `id`, `failed_logins` and `locked_until` columns
// (platform_user here; staff_user has the same columns), atomically: every write is a
// compare-and-set on the two lockout columns, so parallel attempts can neither lose a count nor
// slip past the limit.

/** A login row as far as the lockout needs it (`lockedUntil` as an entity infers a nullable column). */
export interface LockableRow {
  readonly id: string;
  readonly failedLogins: number;
  readonly lockedUntil?: number | null | undefined;
}

/** Rounds of compare-and-set before giving up (each round at least one parallel attempt wins). */
const MAX_ROUNDS = 100;

/**
 * Counts a sign-in attempt as a failure BEFORE the password is checked, so at most
 * `policy.maxFailures` guesses are ever evaluated per lock window, however many arrive in parallel.
 * Returns ACCOUNT_LOCKED (details.retryAfterMs) when no attempt is allowed now. A correct password
 * then calls `recordSignInSuccess`, which forgets the count.
 */
export async function claimSignInAttempt<T extends LockableRow>(
  em: EntityManager,
  entity: EntityName<T>,
  row: LockableRow,
  now: number,
  policy: LockoutPolicy = LOCKOUT_POLICY,
): Promise<Result<LockoutState, DomainError<'ACCOUNT_LOCKED'>>> {
  let state: LockoutState = { failedLogins: row.failedLogins, lockedUntil: row.lockedUntil ?? null };
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const allowed = checkSignInAllowed(state, now);
    if (!allowed.ok) return allowed;
    const next = afterSignInFailure(state, now, policy);
    const changed = await em
      .fork()
      .nativeUpdate(
        entity,
        { id: row.id, failedLogins: state.failedLogins, lockedUntil: state.lockedUntil } as FilterQuery<T>,
        next as EntityData<T>,
      );
    if (changed === 1) return ok(next);
    const current = await em.fork().findOne(entity, { id: row.id } as FilterQuery<T>);
    if (!current) throw new AuthError('SIGN_IN_FAILED', 'wrong phone or password'); // deleted meanwhile
    state = { failedLogins: current.failedLogins, lockedUntil: current.lockedUntil ?? null };
  }
  throw new Error(`sign-in attempt of ${row.id} could not be counted: too many concurrent attempts`);
}

/** A correct password: the failures are forgotten and any lock lifted. */
export async function recordSignInSuccess<T extends LockableRow>(
  em: EntityManager,
  entity: EntityName<T>,
  id: string,
): Promise<void> {
  await em.fork().nativeUpdate(entity, { id } as FilterQuery<T>, afterSignInSuccess() as EntityData<T>);
}

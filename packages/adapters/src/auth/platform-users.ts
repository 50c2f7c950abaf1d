import { randomUUID } from 'node:crypto';
import {
  LOCKOUT_POLICY,
  PLATFORM_ROLES,
  checkPasswordStrength,
  loginPhoneSchema,
  type LockoutPolicy,
  type PasswordHasher,
  type PlatformRole,
} from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod';
import { isUniqueViolation } from '../persistence/errors.js';
import { PlatformUserEntity, type PlatformUserRow } from './entities.js';
import { AuthError } from './errors.js';
import { claimSignInAttempt, recordSignInSuccess } from './lockout-guard.js';
import { Argon2PasswordHasher } from './passwords.js';
import type { PlatformUserRecord, PlatformUsers } from './ports.js';
import { randomSecret } from './secrets.js';

export interface PlatformUserStoreOptions {
  /** The root EntityManager of the PLATFORM database's ORM (forked per call). */
  readonly em: EntityManager;
  /** Default: argon2id at the OWASP minimum (passwords.ts). */
  readonly hasher?: PasswordHasher;
  /** Default: core LOCKOUT_POLICY (5 failures → 15 minutes). */
  readonly lockout?: LockoutPolicy;
  /** The clock (epoch ms); default Date.now. */
  readonly now?: () => number;
}

const createSchema = z.object({
  phone: loginPhoneSchema,
  name: z.string().trim().min(1).max(128),
  password: z.string().max(256),
  roles: z.array(z.enum(PLATFORM_ROLES as [PlatformRole, ...PlatformRole[]])).min(1),
});

const toRecord = (row: PlatformUserRow): PlatformUserRecord => ({
  id: row.id,
  phone: row.phone,
  name: row.name,
  roles: [...row.roles],
  enabled: row.enabled,
  createdAt: row.createdAt,
});

const signInFailed = () => new AuthError('SIGN_IN_FAILED', 'wrong phone or password');

/**
 * Platform operators in the platform database. ORG-4: the password is kept only as an argon2id hash.
 * Sign-in applies core's lockout rule on the row's `failed_logins` / `locked_until` (lockout-guard.ts:
 * each attempt is counted before the password is checked, by compare-and-set). An unknown phone and a
 * wrong password give the same SIGN_IN_FAILED, and an unknown phone still costs one hash verification.
 */
export class PlatformUserStore implements PlatformUsers {
  private readonly em: EntityManager;
  private readonly hasher: PasswordHasher;
  private readonly lockout: LockoutPolicy;
  private readonly now: () => number;
  /** A hash of a random password, made once at construction, verified against for unknown phones. */
  private readonly dummyHash: Promise<string>;

  constructor(options: PlatformUserStoreOptions) {
    this.em = options.em;
    this.hasher = options.hasher ?? new Argon2PasswordHasher();
    this.lockout = options.lockout ?? LOCKOUT_POLICY;
    this.now = options.now ?? Date.now;
    this.dummyHash = this.hasher.hash(randomSecret());
    this.dummyHash.catch(() => undefined); // a failure surfaces where it is awaited, not as an unhandled rejection
  }

  /** PLATFORM_USER_INVALID (phone, name, roles), PASSWORD_WEAK (core checkPasswordStrength), LOGIN_PHONE_TAKEN. */
  async create(input: {
    readonly phone: string;
    readonly name: string;
    readonly password: string;
    readonly roles: readonly PlatformRole[];
  }): Promise<PlatformUserRecord> {
    const parsed = createSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new AuthError('PLATFORM_USER_INVALID', `invalid platform user: ${issues.join('; ')}`, { issues });
    }
    const { phone, name, password, roles } = parsed.data;
    const strength = checkPasswordStrength(password);
    if (!strength.ok) throw strength.error;
    const taken = () => new AuthError('LOGIN_PHONE_TAKEN', `${phone} is already a login account`, { phone });
    const em = this.em.fork();
    if ((await em.count(PlatformUserEntity, { phone })) > 0) throw taken();
    const row = em.create(PlatformUserEntity, {
      id: randomUUID(),
      phone,
      name,
      passwordHash: await this.hasher.hash(password),
      roles: [...new Set(roles)],
      enabled: true,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: this.now(),
    });
    try {
      await em.flush();
    } catch (error) {
      if (isUniqueViolation(error)) throw taken(); // a parallel create of the same phone won
      throw error;
    }
    return toRecord(row);
  }

  /** SIGN_IN_FAILED (unknown phone or wrong password), ACCOUNT_LOCKED (details.retryAfterMs), USER_DISABLED. */
  async signIn(phone: string, password: string): Promise<PlatformUserRecord> {
    const now = this.now();
    const row = await this.em.fork().findOne(PlatformUserEntity, { phone });
    if (!row || row.phone !== phone) {
      // Same work as a wrong password, so the answer time does not tell whether the phone exists.
      await this.hasher.verify(password, await this.dummyHash);
      throw signInFailed();
    }
    const claim = await claimSignInAttempt(this.em, PlatformUserEntity, row, now, this.lockout);
    if (!claim.ok) throw claim.error;
    if (!(await this.hasher.verify(password, row.passwordHash))) throw signInFailed();
    await recordSignInSuccess(this.em, PlatformUserEntity, row.id);
    // Only a caller who knows the password learns that the login is disabled.
    if (!row.enabled) throw new AuthError('USER_DISABLED', 'this login is disabled', { userId: row.id });
    return toRecord(row);
  }

  async get(id: string): Promise<PlatformUserRecord | null> {
    const row = await this.em.fork().findOne(PlatformUserEntity, { id });
    return row ? toRecord(row) : null;
  }

  /** Every platform operator, oldest first. */
  async list(): Promise<readonly PlatformUserRecord[]> {
    const rows = await this.em
      .fork()
      .find(PlatformUserEntity, {}, { orderBy: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toRecord);
  }

  async count(): Promise<number> {
    return this.em.fork().count(PlatformUserEntity, {});
  }
}

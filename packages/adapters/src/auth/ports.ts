// Sign-in and credentials (issue 10): who the caller is. Three kinds of caller: back-office users
// (platform operators in the platform database, tenant staff in the tenant's database; phone +
// password), app users (vehicle owners, CARD-4; phone + SMS code) and machine clients (API keys).
// Implementations live beside this file; the HTTP layer uses only these shapes.
import type { OrgPlace, OrgScope, Permission, PlatformRole } from '@chargeflow/core';

/** Who a token speaks for. PLATFORM subjects act in the platform tenant (`platform`). */
export interface Subject {
  readonly kind: 'PLATFORM' | 'STAFF' | 'APP';
  readonly tenantId: string;
  readonly userId: string;
}

/** The verified claims of an access token. */
export interface AccessClaims extends Subject {
  /** The sign-in session (refresh-token family) the token belongs to; logout revokes it. */
  readonly sessionId: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/**
 * Short-lived signed access tokens (JWT, an explicit algorithm). `verify` throws a DomainError
 * UNAUTHENTICATED with details.reason TOKEN_EXPIRED | TOKEN_INVALID (tampered, wrong issuer or
 * audience, wrong algorithm, malformed).
 */
export interface AccessTokens {
  issue(subject: Subject & { readonly sessionId: string }): Promise<{ token: string; expiresAt: number }>;
  verify(token: string): Promise<AccessClaims>;
}

/** A refresh token handed out at sign-in or rotation (opaque; only its hash is stored). */
export interface IssuedRefreshToken {
  readonly token: string;
  readonly sessionId: string;
  readonly expiresAt: number;
}

/**
 * Rotating, revocable refresh tokens in the platform database. `rotate` revokes the presented token
 * and issues its successor in the same session; presenting an already rotated token again (a stolen
 * copy) revokes the whole session. Errors: UNAUTHENTICATED with details.reason REFRESH_TOKEN_INVALID
 * | REFRESH_TOKEN_EXPIRED | REFRESH_TOKEN_REVOKED.
 */
export interface RefreshTokens {
  issue(subject: Subject): Promise<IssuedRefreshToken>;
  rotate(token: string): Promise<{ readonly subject: Subject } & IssuedRefreshToken>;
  /** Logout: revokes the token's whole session (no-op for an unknown token). */
  revoke(token: string): Promise<void>;
  /** Revokes every session of a subject (password reset, user disabled). */
  revokeAll(subject: Subject): Promise<void>;
  /** True while the session is neither revoked nor expired (access tokens of a revoked session stop working). */
  isActive(sessionId: string): Promise<boolean>;
}

/** A machine client: an API key of one tenant with a set of permissions; only its hash is stored. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly permissions: readonly Permission[];
  /** ORG-1: the creator's place and bound stations; the key's data scope is the creator's. */
  readonly place: OrgPlace;
  readonly stationIds: readonly string[];
  readonly createdBy: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
}

/** API keys in the platform database (the tenant is known from the key alone). */
export interface ApiKeys {
  /** The key text is returned once (`cf_<id>_<secret>`), never stored. */
  create(input: {
    readonly tenantId: string;
    readonly name: string;
    readonly permissions: readonly Permission[];
    readonly place: OrgPlace;
    readonly stationIds: readonly string[];
    readonly createdBy: string;
  }): Promise<{ readonly record: ApiKeyRecord; readonly key: string }>;
  /** The key's record when the key is genuine and not revoked, else null (constant-time compare). */
  verify(key: string): Promise<ApiKeyRecord | null>;
  /** The tenant's keys whose place lies inside `within` (ORG-1; default: every key of the tenant). */
  list(tenantId: string, within?: OrgScope): Promise<readonly ApiKeyRecord[]>;
  /** API_KEY_NOT_FOUND for a key of another tenant, outside `within`, or none. */
  revoke(tenantId: string, id: string, within?: OrgScope): Promise<ApiKeyRecord>;
}

/** A platform operator (control plane). */
export interface PlatformUserRecord {
  readonly id: string;
  readonly phone: string;
  readonly name: string;
  readonly roles: readonly PlatformRole[];
  readonly enabled: boolean;
  readonly createdAt: number;
}

/** Platform operators in the platform database; passwords as argon2id hashes, lockout after failures. */
export interface PlatformUsers {
  /** LOGIN_PHONE_TAKEN; PASSWORD_WEAK (core checkPasswordStrength). */
  create(input: {
    readonly phone: string;
    readonly name: string;
    readonly password: string;
    readonly roles: readonly PlatformRole[];
  }): Promise<PlatformUserRecord>;
  /**
   * Checks phone + password. A wrong phone or password is SIGN_IN_FAILED (one answer for both, so
   * phones cannot be probed); after LOCKOUT_POLICY.maxFailures failures the account is ACCOUNT_LOCKED
   * (details.retryAfterMs) until the lock expires; USER_DISABLED for a disabled login.
   */
  signIn(phone: string, password: string): Promise<PlatformUserRecord>;
  get(id: string): Promise<PlatformUserRecord | null>;
  list(): Promise<readonly PlatformUserRecord[]>;
  count(): Promise<number>;
}

/** Port: sends a text message (the sandbox records it; a real provider is an adapter of its own). */
export interface SmsSender {
  /** SMS_SEND_FAILED on provider failure. */
  send(phone: string, text: string): Promise<void>;
}

/** A message the sandbox SMS sender recorded. */
export interface SmsMessage {
  readonly phone: string;
  readonly text: string;
  readonly at: number;
}

/** What the sandbox SMS sender recorded, newest first (the local stack and tests read codes here). */
export interface SmsOutbox {
  list(phone?: string): Promise<readonly SmsMessage[]>;
}

/**
 * SMS sign-in codes (CARD-4) with core's SMS policy (6 digits, valid 5 minutes, 5 attempts, resend
 * after 60 s), per tenant and phone, in the platform database; only a hash of the code is stored.
 */
export interface SmsCodes {
  /** Issues a code and sends it; SMS_RESEND_TOO_SOON (details.retryAfterMs), SMS_SEND_FAILED. */
  request(tenantId: string, phone: string): Promise<{ readonly expiresAt: number }>;
  /** SMS_CODE_MISMATCH (details.attemptsLeft), SMS_CODE_EXPIRED, SMS_CODE_ATTEMPTS_EXCEEDED, SMS_CODE_NOT_REQUESTED. */
  verify(tenantId: string, phone: string, code: string): Promise<void>;
}

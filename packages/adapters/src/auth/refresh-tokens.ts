import type { EntityManager } from '@mikro-orm/core';
import { RefreshTokenEntity, type RefreshTokenRow } from './entities.js';
import { unauthenticated } from './errors.js';
import type { IssuedRefreshToken, RefreshTokens, Subject } from './ports.js';
import { randomHexId, randomSecret, sha256Hex, sameDigest } from './secrets.js';

/** Default lifetime of a refresh token: 30 days (sliding: each rotation starts a new 30 days). */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3_600_000;

export interface RefreshTokenStoreOptions {
  /** The root EntityManager of the PLATFORM database's ORM (forked per call). */
  readonly em: EntityManager;
  /** Lifetime of each token in ms (default 30 days). */
  readonly ttlMs?: number;
  /** The clock (epoch ms); default Date.now. */
  readonly now?: () => number;
}

const TOKEN_FORMAT = /^rt_([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/;

/** The id and secret of `rt_<id>.<secret>`, or null when the text is not one. */
function parseToken(token: string): { readonly id: string; readonly secret: string } | null {
  const match = TOKEN_FORMAT.exec(token);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : null;
}

const subjectOf = (row: RefreshTokenRow): Subject => ({
  kind: row.subjectKind,
  tenantId: row.subjectTenant,
  userId: row.subjectUser,
});

/** The rotation lost a race with another rotation (or a logout) of the same token. */
class RotationLost extends Error {}

/**
 * Rotating refresh tokens in the platform database. A token is `rt_<id>.<secret>` (16 random bytes
 * of id as hex, 32 of secret as base64url); the row keeps sha256(secret) only. A session is the chain
 * of tokens rotated from one sign-in. Rotation revokes the presented token and inserts its successor
 * in one transaction guarded by a conditional `UPDATE … WHERE revoked_at IS NULL`, so of two
 * concurrent rotations exactly one succeeds; the other, like any later presentation of a rotated
 * token, is treated as reuse of a stolen copy and revokes the whole session.
 */
export class RefreshTokenStore implements RefreshTokens {
  private readonly em: EntityManager;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: RefreshTokenStoreOptions) {
    this.em = options.em;
    this.ttlMs = options.ttlMs ?? REFRESH_TOKEN_TTL_MS;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.ttlMs) || this.ttlMs <= 0) {
      throw new RangeError(`refresh token ttlMs must be a positive integer (got ${this.ttlMs})`);
    }
  }

  /** Starts a new session for `subject` with its first token. */
  async issue(subject: Subject): Promise<IssuedRefreshToken> {
    const em = this.em.fork();
    const issued = this.newToken(em, subject, randomHexId(16), this.now());
    await em.flush();
    return issued;
  }

  /** REFRESH_TOKEN_INVALID | REFRESH_TOKEN_EXPIRED | REFRESH_TOKEN_REVOKED (a reused token also revokes its session). */
  async rotate(token: string): Promise<{ readonly subject: Subject } & IssuedRefreshToken> {
    const row = await this.genuine(token);
    if (!row) throw unauthenticated('REFRESH_TOKEN_INVALID', 'the refresh token is not valid');
    const now = this.now();
    if (row.revokedAt !== null) {
      if (row.replacedBy !== null) await this.revokeSession(row.sessionId, now);
      throw unauthenticated('REFRESH_TOKEN_REVOKED', 'the refresh token has been revoked', {
        reuseDetected: row.replacedBy !== null,
      });
    }
    if (now >= row.expiresAt) {
      throw unauthenticated('REFRESH_TOKEN_EXPIRED', 'the refresh token has expired');
    }
    const subject = subjectOf(row);
    try {
      const issued = await this.em.fork().transactional(async (em) => {
        const successorId = randomHexId(16);
        // The guard: only one transaction can move this row from active to rotated. On MariaDB a
        // concurrent rotation waits on the row lock here and then matches nothing.
        const changed = await em.nativeUpdate(
          RefreshTokenEntity,
          { id: row.id, revokedAt: null },
          { revokedAt: now, replacedBy: successorId },
        );
        if (changed !== 1) throw new RotationLost();
        const next = this.newToken(em, subject, row.sessionId, now, successorId);
        await em.flush();
        return next;
      });
      return { subject, ...issued };
    } catch (error) {
      if (!(error instanceof RotationLost)) throw error;
      await this.revokeSession(row.sessionId, now);
      throw unauthenticated('REFRESH_TOKEN_REVOKED', 'the refresh token has been revoked', {
        reuseDetected: true,
      });
    }
  }

  /** Logout: revokes the token's session; an unknown or forged token changes nothing. */
  async revoke(token: string): Promise<void> {
    const row = await this.genuine(token);
    if (row) await this.revokeSession(row.sessionId, this.now());
  }

  /** Revokes every session of `subject` (password reset, user disabled). */
  async revokeAll(subject: Subject): Promise<void> {
    await this.em.fork().nativeUpdate(
      RefreshTokenEntity,
      {
        subjectTenant: subject.tenantId,
        subjectUser: subject.userId,
        subjectKind: subject.kind,
        revokedAt: null,
      },
      { revokedAt: this.now() },
    );
  }

  /** True while the session has an unrevoked, unexpired token. */
  async isActive(sessionId: string): Promise<boolean> {
    const live = await this.em
      .fork()
      .count(RefreshTokenEntity, { sessionId, revokedAt: null, expiresAt: { $gt: this.now() } });
    return live > 0;
  }

  /** The row of a well-formed token whose secret matches the stored hash, else null. */
  private async genuine(token: string): Promise<RefreshTokenRow | null> {
    const parsed = parseToken(token);
    if (!parsed) return null;
    const row = await this.em.fork().findOne(RefreshTokenEntity, { id: parsed.id });
    return row && sameDigest(sha256Hex(parsed.secret), row.tokenHash) ? row : null;
  }

  private async revokeSession(sessionId: string, now: number): Promise<void> {
    await this.em.fork().nativeUpdate(RefreshTokenEntity, { sessionId, revokedAt: null }, { revokedAt: now });
  }

  /** Persists (on flush) a new token of `sessionId` and returns its text. */
  private newToken(
    em: EntityManager,
    subject: Subject,
    sessionId: string,
    now: number,
    id = randomHexId(16),
  ): IssuedRefreshToken {
    const secret = randomSecret();
    const expiresAt = now + this.ttlMs;
    em.create(RefreshTokenEntity, {
      id,
      sessionId,
      subjectKind: subject.kind,
      subjectTenant: subject.tenantId,
      subjectUser: subject.userId,
      tokenHash: sha256Hex(secret),
      expiresAt,
      revokedAt: null,
      replacedBy: null,
      createdAt: now,
    });
    return { token: `rt_${id}.${secret}`, sessionId, expiresAt };
  }
}

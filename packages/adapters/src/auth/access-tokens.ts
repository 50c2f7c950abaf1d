import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { unauthenticated } from './errors.js';
import type { AccessClaims, AccessTokens, Subject } from './ports.js';

/** The `iss` of every access token. */
export const ACCESS_TOKEN_ISSUER = 'chargeflow';
/** The `aud` of every access token. */
export const ACCESS_TOKEN_AUDIENCE = 'chargeflow-api';
/** The only algorithm issued and accepted (HMAC-SHA256); `none` and every other one are refused. */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';
/** Default lifetime of an access token: 15 minutes. */
export const ACCESS_TOKEN_TTL_MS = 15 * 60_000;
/** The smallest secret accepted: 32 bytes (256 bits, the size of the HS256 output). */
export const ACCESS_TOKEN_SECRET_MIN_BYTES = 32;

export interface AccessTokenOptions {
  /** AUTH_TOKEN_SECRET: at least 32 bytes (a string is taken as its UTF-8 bytes). */
  readonly secret: string | Uint8Array;
  /** Lifetime in ms, a whole number of seconds ≥ 1 s (default 15 minutes). */
  readonly ttlMs?: number;
  /** The clock (epoch ms); default Date.now. */
  readonly now?: () => number;
}

/** The claims an access token carries beside sub/iat/exp/iss/aud. */
const claimsSchema = z.object({
  sub: z.string().min(1),
  tenant: z.string().min(1),
  kind: z.enum(['PLATFORM', 'STAFF', 'APP']),
  sid: z.string().min(1),
  exp: z.number().int(),
});

/**
 * Short-lived access tokens: JWT signed with HS256 under one secret. Claims: `sub` (user id),
 * `tenant`, `kind` (PLATFORM | STAFF | APP), `sid` (the sign-in session), `iat`, `exp`, `iss`
 * `chargeflow`, `aud` `chargeflow-api`. Verification accepts only HS256 with that issuer and audience
 * and maps every failure to UNAUTHENTICATED (details.reason TOKEN_EXPIRED | TOKEN_INVALID).
 * Revocation is the refresh tokens' job: callers check `isActive(sessionId)` where it matters.
 */
export function createAccessTokens(options: AccessTokenOptions): AccessTokens {
  const key = typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret;
  if (key.byteLength < ACCESS_TOKEN_SECRET_MIN_BYTES) {
    throw new RangeError(
      `AUTH_TOKEN_SECRET must be at least ${ACCESS_TOKEN_SECRET_MIN_BYTES} bytes (got ${key.byteLength}); ` +
        `generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`,
    );
  }
  const ttlMs = options.ttlMs ?? ACCESS_TOKEN_TTL_MS;
  if (!Number.isInteger(ttlMs) || ttlMs < 1000 || ttlMs % 1000 !== 0) {
    throw new RangeError(`access token ttlMs must be a whole number of seconds ≥ 1000 (got ${ttlMs})`);
  }
  const now = options.now ?? Date.now;
  const secret = new Uint8Array(key); // a private copy: later changes to the caller's buffer do not matter

  return {
    async issue(subject: Subject & { readonly sessionId: string }) {
      const iat = Math.floor(now() / 1000);
      const exp = iat + ttlMs / 1000;
      const token = await new SignJWT({
        tenant: subject.tenantId,
        kind: subject.kind,
        sid: subject.sessionId,
      })
        .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: 'JWT' })
        .setSubject(subject.userId)
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(secret);
      return { token, expiresAt: exp * 1000 };
    },

    async verify(token: string): Promise<AccessClaims> {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, secret, {
          algorithms: [ACCESS_TOKEN_ALGORITHM],
          issuer: ACCESS_TOKEN_ISSUER,
          audience: ACCESS_TOKEN_AUDIENCE,
          requiredClaims: ['sub', 'iat', 'exp'],
          currentDate: new Date(now()),
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw unauthenticated('TOKEN_EXPIRED', 'the access token has expired');
        }
        throw unauthenticated('TOKEN_INVALID', 'the access token is not valid');
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw unauthenticated('TOKEN_INVALID', 'the access token is not valid');
      const { sub, tenant, kind, sid, exp } = claims.data;
      return { kind, tenantId: tenant, userId: sub, sessionId: sid, expiresAt: exp * 1000 };
    },
  };
}

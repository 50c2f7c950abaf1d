import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Random identifiers and secrets of credentials, and the hashes stored in their place. Secrets are
// 256 random bits, so a fast hash (sha256) is enough to store them: there is nothing to guess.
// Passwords, chosen by people, use argon2id instead (passwords.ts).

/** A random identifier: `bytes` random bytes as lower-case hex (no `_` or `.`, so it splits cleanly). */
export const randomHexId = (bytes = 12): string => randomBytes(bytes).toString('hex');

/** A random secret: 32 bytes (256 bits) as base64url (43 characters). */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

/** sha256 of a text, lower-case hex (64 characters). */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Constant-time comparison of two sha256 hex digests (false when either is malformed). */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

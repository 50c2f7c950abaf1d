import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** What a strong password lacks (details.missing of PASSWORD_WEAK). */
export type PasswordRequirement = 'MIN_LENGTH' | 'UPPER_CASE' | 'DIGIT' | 'SPECIAL';

/** TEN-5 strength: at least `minLength` (8) characters with an upper-case letter, a digit and a special character. */
export function checkPasswordStrength(
  password: string,
  minLength = 8,
): Result<void, DomainError<'PASSWORD_WEAK'>> {
  const missing: PasswordRequirement[] = [];
  if ([...password].length < minLength) missing.push('MIN_LENGTH');
  if (!/[A-Z]/.test(password)) missing.push('UPPER_CASE');
  if (!/\d/.test(password)) missing.push('DIGIT');
  if (!/[^A-Za-z0-9\s]/.test(password)) missing.push('SPECIAL');
  return missing.length === 0
    ? ok(undefined)
    : err(new DomainError('PASSWORD_WEAK', `password lacks ${missing.join(', ')}`, { missing, minLength }));
}

/**
 * Port (ORG-4): passwords are stored only as slow salted hashes (e.g. argon2id or scrypt); salting
 * needs randomness, so hashing lives in an adapter.
 */
export interface PasswordHasher {
  /** Hashes a plain password with a fresh salt. */
  hash(plain: string): Promise<string>;
  /** True when the plain password matches the stored hash. */
  verify(plain: string, hash: string): Promise<boolean>;
}

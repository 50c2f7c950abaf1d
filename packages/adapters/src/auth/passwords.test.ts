import { describe, expect, it } from 'vitest';
import { ARGON2_OWASP_MINIMUM, Argon2PasswordHasher } from './passwords.js';

describe('ORG-4 passwords as slow salted hashes (argon2id)', () => {
  const hasher = new Argon2PasswordHasher();

  it('hashes with argon2id at the OWASP minimum (m=19 MiB, t=2, p=1), a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hasher.hash('Correct-Horse-9'), hasher.hash('Correct-Horse-9')]);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b); // salted
    expect(a).not.toContain('Correct-Horse-9');
  });

  it('issue 10: verifies the right password and refuses a wrong one', async () => {
    const stored = await hasher.hash('Correct-Horse-9');
    expect(await hasher.verify('Correct-Horse-9', stored)).toBe(true);
    expect(await hasher.verify('correct-horse-9', stored)).toBe(false);
    expect(await hasher.verify('', stored)).toBe(false);
  });

  it('a malformed stored hash verifies as false instead of throwing', async () => {
    expect(await hasher.verify('Correct-Horse-9', 'not-a-hash')).toBe(false);
    expect(await hasher.verify('Correct-Horse-9', '')).toBe(false);
  });

  it.each([
    [{ memoryCost: 19_456, timeCost: 1, parallelism: 1 }],
    [{ memoryCost: 4_096, timeCost: 10, parallelism: 1 }],
    [{ memoryCost: 19_456, timeCost: 2, parallelism: 0 }],
  ])('refuses parameters below every OWASP configuration: %o', (parameters) => {
    expect(() => new Argon2PasswordHasher(parameters)).toThrow(/below the OWASP minimum/);
  });

  it.each([
    [ARGON2_OWASP_MINIMUM],
    [{ memoryCost: 47_104, timeCost: 1, parallelism: 1 }],
    [{ memoryCost: 7_168, timeCost: 5, parallelism: 1 }],
  ])('accepts an OWASP configuration: %o', (parameters) => {
    expect(() => new Argon2PasswordHasher(parameters)).not.toThrow();
  });

  it('a stronger setting still verifies hashes made with the minimum (parameters travel in the hash)', async () => {
    const stored = await hasher.hash('Correct-Horse-9');
    const stronger = new Argon2PasswordHasher({ memoryCost: 47_104, timeCost: 1, parallelism: 1 });
    expect(await stronger.verify('Correct-Horse-9', stored)).toBe(true);
  });
});

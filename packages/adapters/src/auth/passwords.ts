import type { PasswordHasher } from '@chargeflow/core';
import { hash, verify } from '@node-rs/argon2';

/** argon2id cost parameters (memory in KiB, passes, lanes). */
export interface Argon2Parameters {
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/**
 * The OWASP Password Storage Cheat Sheet's first argon2id configuration: m = 19 MiB, t = 2, p = 1
 * (~50 ms per hash on one core). The hash is a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`)
 * carrying its own random 16-byte salt and parameters, so stronger settings can be rolled out later
 * and old hashes still verify.
 */
export const ARGON2_OWASP_MINIMUM: Argon2Parameters = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** OWASP's equivalent argon2id configurations (memory KiB, passes), all with one lane: any one is the floor. */
const OWASP_CONFIGURATIONS: readonly (readonly [number, number])[] = [
  [47_104, 1],
  [19_456, 2],
  [12_288, 3],
  [9_216, 4],
  [7_168, 5],
];

// @node-rs/argon2 declares Algorithm as a `const enum`, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2;

/** ORG-4: passwords as slow salted hashes (argon2id, at least the OWASP minimum). */
export class Argon2PasswordHasher implements PasswordHasher {
  private readonly parameters: Argon2Parameters;

  /** Refuses parameters weaker than every OWASP configuration (e.g. m=19456 with t=1). */
  constructor(parameters: Argon2Parameters = ARGON2_OWASP_MINIMUM) {
    const { memoryCost, timeCost, parallelism } = parameters;
    const strongEnough =
      [memoryCost, timeCost, parallelism].every((n) => Number.isInteger(n) && n >= 1) &&
      OWASP_CONFIGURATIONS.some(([m, t]) => memoryCost >= m && timeCost >= t);
    if (!strongEnough) {
      throw new RangeError(
        `argon2id parameters m=${memoryCost},t=${timeCost},p=${parallelism} are below the OWASP minimum (m=19456,t=2,p=1)`,
      );
    }
    this.parameters = { memoryCost, timeCost, parallelism };
  }

  /** Hashes with a fresh random salt. */
  hash(plain: string): Promise<string> {
    return hash(plain, { ...this.parameters, algorithm: ARGON2ID });
  }

  /** True when `plain` matches; false for a wrong password and for a malformed hash. */
  async verify(plain: string, stored: string): Promise<boolean> {
    try {
      return await verify(stored, plain);
    } catch {
      return false;
    }
  }
}

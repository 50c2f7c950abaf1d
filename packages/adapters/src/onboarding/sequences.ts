import { LockMode, type EntityManager } from '@mikro-orm/core';
import { PlatformSequenceEntity } from './entities.js';
import { OnboardingError } from './errors.js';

/** The platform's named sequences (seeded by MigrationP0004Onboarding). */
export type PlatformSequence = 'tenant:enterprise-no' | 'tenant:contract-no';

/**
 * The next value of a sequence, taken inside the caller's transaction `tx`: the row is locked
 * (MariaDB: SELECT … FOR UPDATE; SQLite serialises writers), so concurrent callers get distinct
 * values, and a rolled-back transaction gives its value back (no gaps, no reuse). The unique keys
 * on the numbered columns stay the last word.
 */
export async function nextSequenceValue(tx: EntityManager, name: PlatformSequence): Promise<number> {
  const row = await tx.findOne(PlatformSequenceEntity, { name }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!row) throw new OnboardingError('SEQUENCE_EXHAUSTED', `sequence ${name} is missing`, { name });
  const next = row.value + 1;
  const changed = await tx.nativeUpdate(PlatformSequenceEntity, { name, value: row.value }, { value: next });
  if (changed !== 1) throw new Error(`sequence ${name} moved under its lock`);
  return next;
}

import { classifyPlate } from '../reservations/plate.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** CARD-4: what an operator may edit on a member (card holder) or a vehicle owner. */
export interface MemberEdit {
  readonly nickname?: string | null;
  readonly name?: string | null;
  readonly plate?: string | null;
}

/**
 * CARD-4: an edit with its plate normalised (upper case, trimmed) and checked as a mainland plate
 * (province character + letter + 5 or 6: fuel or new-energy), else PLATE_INVALID; null clears it.
 */
export function checkMemberEdit(edit: MemberEdit): Result<MemberEdit> {
  if (edit.plate === undefined || edit.plate === null) return ok(edit);
  const plate = edit.plate.trim().toUpperCase();
  if (classifyPlate(plate) === undefined) {
    return err(
      new DomainError('PLATE_INVALID', `"${edit.plate}" is not a mainland licence plate`, {
        plate: edit.plate,
      }),
    );
  }
  return ok({ ...edit, plate });
}

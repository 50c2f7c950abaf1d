import { describe, expect, it } from 'vitest';
import { checkMemberEdit } from './members.js';

describe('member and vehicle-owner edits (CARD-4)', () => {
  it.each([
    ['浙ad12345', '浙AD12345'], // new energy, 8 characters, upper-cased
    [' 沪B12345 ', '沪B12345'], // fuel, 7 characters, trimmed
  ])('CARD-4 the plate %s is kept as %s', (plate, expected) => {
    const edit = checkMemberEdit({ plate, nickname: 'N' });
    expect(edit.ok && edit.value).toEqual({ plate: expected, nickname: 'N' });
  });

  it.each(['ABC123', '浙A1234', '浙A1234567', '12345678'])('CARD-4 %s is PLATE_INVALID', (plate) => {
    const edit = checkMemberEdit({ plate });
    expect(!edit.ok && edit.error.code).toBe('PLATE_INVALID');
  });

  it('CARD-4 null clears, absent leaves the plate alone', () => {
    expect(checkMemberEdit({ plate: null })).toEqual({ ok: true, value: { plate: null } });
    expect(checkMemberEdit({ name: 'Li' })).toEqual({ ok: true, value: { name: 'Li' } });
  });
});

import { describe, expect, it } from 'vitest';
import {
  REGISTRATION_TRANSITIONS,
  registrationTransition,
  type RegistrationStatus,
} from './registration-status.js';

describe('registration follow-up states (TEN-1)', () => {
  it.each([
    ['NEW', 'FOLLOW_UP', 'FOLLOWING_UP'],
    ['FOLLOWING_UP', 'FOLLOW_UP', 'FOLLOWING_UP'],
    ['NEW', 'CONVERT', 'CONVERTED'],
    ['FOLLOWING_UP', 'CONVERT', 'CONVERTED'],
    ['NEW', 'DECLINE', 'DECLINED'],
    ['FOLLOWING_UP', 'DECLINE', 'DECLINED'],
  ] as const)('TEN-1 %s --%s--> %s', (from, event, to) => {
    expect(registrationTransition(from, event)).toEqual({ ok: true, value: to });
  });
  it('TEN-1 CONVERTED and DECLINED are terminal', () => {
    for (const status of ['CONVERTED', 'DECLINED'] as RegistrationStatus[]) {
      expect(REGISTRATION_TRANSITIONS[status]).toEqual({});
      const r = registrationTransition(status, 'FOLLOW_UP');
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'REGISTRATION_TRANSITION_INVALID', details: { status } },
      });
    }
  });
});

import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/**
 * TEN-1 where a registration stands in the operators' follow-up (回访): NEW until the first
 * follow-up, FOLLOWING_UP while operators talk to the customer, then CONVERTED (a tenant was created
 * from it) or DECLINED (no intent). CONVERTED and DECLINED are terminal.
 */
export type RegistrationStatus = 'NEW' | 'FOLLOWING_UP' | 'CONVERTED' | 'DECLINED';

/** What moves a registration: a follow-up record, a decline, the conversion into a tenant. */
export type RegistrationEvent = 'FOLLOW_UP' | 'DECLINE' | 'CONVERT';

/** The transition table of registrations (docs/onboarding.md draws it). */
export const REGISTRATION_TRANSITIONS: Readonly<
  Record<RegistrationStatus, Partial<Record<RegistrationEvent, RegistrationStatus>>>
> = {
  NEW: { FOLLOW_UP: 'FOLLOWING_UP', DECLINE: 'DECLINED', CONVERT: 'CONVERTED' },
  FOLLOWING_UP: { FOLLOW_UP: 'FOLLOWING_UP', DECLINE: 'DECLINED', CONVERT: 'CONVERTED' },
  CONVERTED: {},
  DECLINED: {},
};

/** TEN-1: the next status of a registration, or REGISTRATION_TRANSITION_INVALID naming both. */
export function registrationTransition(
  status: RegistrationStatus,
  event: RegistrationEvent,
): Result<RegistrationStatus, DomainError<'REGISTRATION_TRANSITION_INVALID'>> {
  const next = REGISTRATION_TRANSITIONS[status][event];
  return next
    ? ok(next)
    : err(
        new DomainError('REGISTRATION_TRANSITION_INVALID', `${event} is not allowed in ${status}`, {
          status,
          event,
        }),
      );
}

import { DomainError } from '@chargeflow/core';

/**
 * Stable codes of onboarding and contracts (TEN-1 … TEN-4), beside core's (PHONE_NOT_VERIFIED,
 * TENANT_PROFILE_INCOMPLETE, CONTRACT_INVALID, …). The HTTP layer maps *_NOT_FOUND to 404 and
 * *_TAKEN / *_CONFLICT to 409 (docs/onboarding.md lists them).
 */
export type OnboardingErrorCode =
  | 'REGISTRATION_NOT_FOUND'
  | 'REGISTRATION_PHONE_TAKEN'
  | 'REGISTRATION_SOURCE_INVALID'
  | 'REGISTRATION_CHANGE_CONFLICT'
  | 'TENANT_PROFILE_FIELD_IMMUTABLE'
  | 'TENANT_STATE_CONFLICT'
  | 'CONTRACT_NOT_FOUND'
  | 'CONTRACT_WORKFLOW_UNAVAILABLE'
  | 'SEQUENCE_EXHAUSTED';

/** An onboarding rule was broken; `code` is stable, `details` explains it. */
export class OnboardingError extends DomainError<OnboardingErrorCode> {}

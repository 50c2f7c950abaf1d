import { DomainError } from '@chargeflow/core';

/**
 * Stable codes of the auth adapters. Core's codes pass through unchanged: ACCOUNT_LOCKED (lockout),
 * PASSWORD_WEAK, SMS_RESEND_TOO_SOON, SMS_CODE_MISMATCH, SMS_CODE_EXPIRED, SMS_CODE_ATTEMPTS_EXCEEDED.
 */
export type AuthErrorCode =
  /** details.reason: TOKEN_EXPIRED | TOKEN_INVALID | REFRESH_TOKEN_INVALID | REFRESH_TOKEN_EXPIRED | REFRESH_TOKEN_REVOKED. */
  | 'UNAUTHENTICATED'
  /** Unknown phone or wrong password: one answer for both. */
  | 'SIGN_IN_FAILED'
  | 'USER_DISABLED'
  | 'LOGIN_PHONE_TAKEN'
  | 'PLATFORM_USER_INVALID'
  | 'API_KEY_INVALID'
  | 'API_KEY_NOT_FOUND'
  | 'PHONE_INVALID'
  | 'SMS_CODE_NOT_REQUESTED'
  | 'SMS_SEND_FAILED';

/** Why a caller is not authenticated (details.reason of UNAUTHENTICATED). */
export type UnauthenticatedReason =
  | 'TOKEN_EXPIRED'
  | 'TOKEN_INVALID'
  | 'REFRESH_TOKEN_INVALID'
  | 'REFRESH_TOKEN_EXPIRED'
  | 'REFRESH_TOKEN_REVOKED';

/** A credential or sign-in refused by the auth adapters; `code` is stable, `details` explains it. */
export class AuthError extends DomainError<AuthErrorCode> {}

/** UNAUTHENTICATED with its reason (and nothing about the token itself). */
export const unauthenticated = (
  reason: UnauthenticatedReason,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): AuthError => new AuthError('UNAUTHENTICATED', message, { reason, ...details });

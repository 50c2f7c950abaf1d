import { isDomainError } from '@chargeflow/core';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { AdapterLogger } from '../kafka/ports.js';

/** The error body of every non-2xx answer: a stable code, a message, and the data that explains it. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .openapi('Error');

/** Exact DomainError codes whose status is not the default of their family. */
const STATUS_BY_CODE: Readonly<Record<string, ContentfulStatusCode>> = {
  CHARGER_SERIAL_TAKEN: 409,
  TARIFF_VERSION_EXISTS: 409,
  ORDER_ALREADY_EXISTS: 409,
  ORDER_ALREADY_SETTLED: 409,
  ORDER_NOT_ACTIVE: 409,
  ORDER_ALREADY_COMPLETED: 409,
  ORDER_ILLEGAL_TRANSITION: 409,
  PAYMENT_REQUEST_CONFLICT: 409,
  REFUND_REQUEST_CONFLICT: 409,
  REFUND_ILLEGAL_TRANSITION: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  ASSET_PARENT_INVALID: 422,
  TARIFF_DEFINITION_INVALID: 400,
  MONEY_INVALID_AMOUNT: 400,
  CONNECTOR_BUSY: 409,
  // E-bike sessions (ORD-5, ORD-8).
  EBIKE_END_DURATION_INVALID: 422,
  ORDER_END_DURATION_NOT_APPLICABLE: 422,
  // E-bike devices and areas (ASSET-7).
  ASSET_NOT_EBIKE: 409,
  AREA_DEFAULT_NOT_DELETABLE: 409,
  EBIKE_ASSET_BUSY: 409,
  CARD_IN_USE: 409,
  MONEY_OUT_OF_RANGE: 422,
  // Who is calling (issue 10).
  UNAUTHENTICATED: 401,
  SIGN_IN_FAILED: 401,
  SMS_CODE_MISMATCH: 401,
  SMS_CODE_EXPIRED: 401,
  SMS_CODE_NOT_REQUESTED: 401,
  ACCESS_DENIED: 403,
  USER_DISABLED: 403,
  ACCOUNT_LOCKED: 429,
  SMS_RESEND_TOO_SOON: 429,
  SMS_CODE_ATTEMPTS_EXCEEDED: 429,
  SMS_SEND_FAILED: 502,
  // Tenants and datasources (TEN-5 … TEN-7).
  DATASOURCE_IMMUTABLE: 409,
  DATASOURCE_NOT_DELETABLE: 409,
  DATASOURCE_STATE_TRANSITION_INVALID: 409,
  DATASOURCE_NOT_READY: 409,
  TENANT_DATABASE_NOT_READY: 409,
  DATASOURCE_PROVISIONING_FAILED: 502,
  DATASOURCE_DEPROVISIONING_FAILED: 502,
  SMS_SANDBOX_DISABLED: 409,
  // Organisation (ORG-2 … ORG-8): the state of a parent or of the row refuses the change.
  PROVIDER_NOT_APPROVED: 409,
  PROVIDER_ALREADY_AUDITED: 409,
  ROLE_IN_USE: 409,
  DEPARTMENT_UNAVAILABLE: 409,
  DEPARTMENT_HAS_CHILDREN: 409,
  POST_UNAVAILABLE: 409,
  // Onboarding and contracts (TEN-1 … TEN-4).
  REGISTRATION_TRANSITION_INVALID: 409,
  CONTRACT_TRANSITION_INVALID: 409,
  NOTICE_SANDBOX_DISABLED: 409,
  CONTRACT_WORKFLOW_UNAVAILABLE: 503,
  // SPEC §14 camera commands and snapshots: the process was started without a bus / a store.
  DEVICE_COMMANDS_UNAVAILABLE: 503,
  SNAPSHOT_STORE_UNAVAILABLE: 503,
  // Cards and collective accounts (CARD-1 … CARD-3, docs/cards.md).
  CARD_ISSUER_NOT_PROPERTY: 403,
  CARD_LOST: 409,
  CARD_LEDGER_CONFLICT: 409,
  COLLECTIVE_ACCOUNT_LOCKED: 409,
  COLLECTIVE_ACCOUNT_LEDGER_CONFLICT: 409,
  // RES-1, RES-2: the reservation's state does not allow it (ended, or past RESERVED for a cancel).
  RESERVATION_NOT_ACTIVE: 409,
  RESERVATION_NOT_CANCELLABLE: 409,
  // Payment channels and their callbacks (issue 13).
  CALLBACK_SIGNATURE_INVALID: 401,
  CALLBACK_MALFORMED: 400,
  CALLBACK_PAYMENT_UNKNOWN: 404,
  CALLBACK_CHANNEL_UNKNOWN: 404,
  // Invoices (INV-1..INV-3, docs/invoices.md).
  INVOICE_ALREADY_VALID: 409,
  INVOICE_ILLEGAL_TRANSITION: 409,
  INVOICE_NOT_CONFIGURED: 409,
  INVOICE_PDF_NOT_READY: 409,
  // Split settlement (SPL-1).
  SPLIT_ILLEGAL_TRANSITION: 409,
  SPLIT_CHANNEL_UNSUPPORTED: 409,
};

/** Codes of the errors the HTTP layer itself answers (not a domain rule). */
const HTTP_CODES: Readonly<Record<number, string>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'ACCESS_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Families by code shape, tried in order after the exact table; anything else is 422. */
const STATUS_BY_PATTERN: ReadonlyArray<readonly [RegExp, ContentfulStatusCode]> = [
  [/_NOT_FOUND$/, 404],
  [/_DISABLED$/, 409], // ASSET-4 gates: the parent exists but refuses children
  [/_TAKEN$|_EXISTS$|_CONFLICT$/, 409],
];

/** The HTTP status of a DomainError code (404 not found, 409 conflict with current state, 422 rule broken). */
export function statusOfCode(code: string): ContentfulStatusCode {
  const exact = STATUS_BY_CODE[code];
  if (exact !== undefined) return exact;
  return STATUS_BY_PATTERN.find(([pattern]) => pattern.test(code))?.[1] ?? 422;
}

/** JSON-safe copy of error details (bigint fen become decimal strings). */
function jsonSafe(value: unknown): Record<string, unknown> {
  const text = JSON.stringify(value ?? {}, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return JSON.parse(text) as Record<string, unknown>;
}

/** One validation issue with its field path (`body.pricing.periods.0.to`). */
export const validationIssues = (error: ZodError, location: string) =>
  error.issues.map((issue) => ({
    path: [location, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));

const LOCATION: Readonly<Record<string, string>> = { json: 'body', param: 'path' };

/** The answer to a request that failed schema validation: 400 VALIDATION_FAILED with field paths. */
export function validationFailed(c: Context, error: ZodError, target: string): Response {
  const issues = validationIssues(error, LOCATION[target] ?? target);
  return c.json(
    {
      error: {
        code: 'VALIDATION_FAILED',
        message: `invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        details: { issues },
      },
    },
    400,
  );
}

/** The validation hook every router uses, so schema failures look the same everywhere. */
export const validationHook = (
  result: { target: string } & ({ success: true } | { success: false; error: ZodError }),
  c: Context,
): Response | undefined => (result.success ? undefined : validationFailed(c, result.error, result.target));

/**
 * app.onError: DomainError → mapped status and its code; HTTPException → its status and the code of
 * that status; anything else → 500 INTERNAL without internals (logged, without SQL values).
 */
export const errorHandler =
  (logger: AdapterLogger) =>
  (error: Error, c: Context): Response => {
    if (isDomainError(error)) {
      const status = statusOfCode(error.code);
      const retryAfterMs = error.details['retryAfterMs'];
      if (status === 429 && typeof retryAfterMs === 'number') {
        c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
      }
      return c.json(
        { error: { code: error.code, message: error.message, details: jsonSafe(error.details) } },
        status,
      );
    }
    if (error instanceof HTTPException && error.status < 500) {
      const code = HTTP_CODES[error.status] ?? 'HTTP_ERROR';
      return c.json({ error: { code, message: error.message, details: {} } }, error.status);
    }
    logger.error({ err: error, method: c.req.method, path: c.req.routePath }, 'request failed');
    return c.json({ error: { code: 'INTERNAL', message: 'internal error', details: {} } }, 500);
  };

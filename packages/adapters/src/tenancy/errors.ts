import { DomainError } from '@chargeflow/core';

/**
 * Stable codes of the control plane's tenant errors, beside core's (TENANT_ID_INVALID,
 * DATASOURCE_ROOT_ACCOUNT, DATASOURCE_IMMUTABLE, …). The HTTP layer maps *_NOT_FOUND to 404 and
 * *_EXISTS / *_TAKEN / *_CONFLICT to 409.
 */
export type TenancyErrorCode =
  | 'TENANT_NOT_FOUND'
  | 'TENANT_EXISTS'
  | 'TENANT_NAME_INVALID'
  | 'TENANT_DATABASE_NOT_READY'
  | 'DATASOURCE_NOT_FOUND'
  | 'DATASOURCE_NOT_READY'
  | 'DATASOURCE_INVALID'
  | 'DATASOURCE_SERVER_UNKNOWN'
  | 'DATASOURCE_ACCOUNT_TAKEN'
  | 'DATASOURCE_ACCOUNT_EXISTS'
  | 'DATASOURCE_DATABASE_EXISTS'
  | 'DATASOURCE_PROVISIONING_CONFLICT'
  | 'DATASOURCE_PROVISIONING_FAILED'
  | 'DATASOURCE_DEPROVISIONING_FAILED'
  | 'DEVICE_SERIAL_INVALID'
  | 'DEVICE_SERIAL_TAKEN';

/** A tenancy rule was broken or a tenant server refused; `code` is stable, `details` explains it. */
export class TenancyError extends DomainError<TenancyErrorCode> {}

/**
 * The driver's own message of a server error, safe to show: without the SQL text (MikroORM prefixes
 * it; mysql2 keeps it in `.sql`, never read here) and with every given secret masked.
 */
export function serverReason(error: unknown, secrets: readonly string[] = []): string {
  const raw = (error as { message?: unknown } | null)?.message;
  let message = typeof raw === 'string' ? raw : String(error);
  const at = message.lastIndexOf(' - ');
  if (at !== -1) message = message.slice(at + 3);
  // A syntax error quotes the statement near the fault ("… near 'x' at line 1"): never show it.
  message = message.replace(/ near '[\s\S]*$/, ' (statement not shown)');
  for (const secret of secrets) if (secret !== '') message = message.split(secret).join('***');
  return message.slice(0, 500);
}

/** The driver's error code (ER_ACCESS_DENIED_ERROR, ECONNREFUSED, …) when it has one. */
export function serverCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

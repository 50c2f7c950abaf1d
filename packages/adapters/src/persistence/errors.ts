import { DomainError } from '@chargeflow/core';

/** Stable codes of persistence errors (the HTTP layer maps them to statuses). */
export type PersistenceErrorCode =
  | 'ORDER_NOT_FOUND'
  | 'ORDER_ALREADY_EXISTS'
  | 'ORDER_ALREADY_SETTLED'
  | 'STATION_NOT_FOUND'
  | 'PROVIDER_NOT_FOUND'
  | 'PROVIDER_DISABLED'
  | 'PROVIDER_OUT_OF_SCOPE'
  | 'PROPERTY_NOT_FOUND'
  | 'PROPERTY_OUT_OF_SCOPE'
  | 'ROLE_OUT_OF_SCOPE'
  | 'ROLE_NOT_FOUND'
  | 'USER_OUT_OF_SCOPE'
  | 'USER_NOT_FOUND'
  | 'LOGIN_PHONE_TAKEN'
  | 'LOGIN_ACCOUNT_EXISTS'
  | 'DEPARTMENT_ROOT_EXISTS'
  | 'DEPARTMENT_NOT_FOUND'
  | 'DEPARTMENT_OUT_OF_SCOPE'
  | 'DEPARTMENT_OWNER_INVALID'
  | 'POST_NOT_FOUND'
  | 'POST_OUT_OF_SCOPE'
  | 'ROLE_IN_USE'
  | 'USER_SELF_CHANGE'
  | 'USER_NOT_BOUND'
  | 'VEHICLE_OWNER_DISABLED'
  | 'STATION_MAX_PREPAY_INVALID'
  | 'CONNECTOR_BUSY'
  | 'CARD_IN_USE'
  | 'AREA_NOT_FOUND'
  | 'CHARGER_NOT_FOUND'
  | 'CHARGER_SERIAL_TAKEN'
  | 'CONNECTOR_NOT_FOUND'
  | 'TARIFF_VERSION_EXISTS'
  | 'TARIFF_DEFINITION_INVALID';

/** A persistence rule was broken; `code` is stable, `details` explains it. */
export class PersistenceError extends DomainError<PersistenceErrorCode> {}

/** The driver's message of an error, without the SQL text the query builder prefixes it with. */
export function driverMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message !== 'string') return '';
  const at = message.lastIndexOf(' - ');
  return at === -1 ? message : message.slice(at + 3);
}

/** True when a unique-key violation names `index` (MariaDB: the key name; SQLite: the indexed columns). */
export function violatesUnique(
  error: unknown,
  index: { readonly name: string; readonly columns: string },
): boolean {
  if (!isUniqueViolation(error)) return false;
  const message = driverMessage(error);
  return message.includes(index.name) || message.includes(`UNIQUE constraint failed: ${index.columns}`);
}

/** True when a driver error is a unique-key violation (MariaDB 1062 / ER_DUP_ENTRY, SQLite UNIQUE / PRIMARY KEY). */
export function isUniqueViolation(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as { name?: unknown; code?: unknown; errno?: unknown; message?: unknown };
  return (
    e.name === 'UniqueConstraintViolationException' ||
    e.code === 'ER_DUP_ENTRY' ||
    e.errno === 1062 ||
    (typeof e.message === 'string' && /UNIQUE constraint failed|Duplicate entry/i.test(e.message))
  );
}

/**
 * A domain rule was broken. `code` is stable (clients and the HTTP layer switch on it);
 * `details` carries the data that explains the failure (states, amounts, the interval at fault).
 */
export class DomainError<Code extends string = string> extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: Code,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** True when `value` is a DomainError, optionally with the given code. */
export function isDomainError(value: unknown, code?: string): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}

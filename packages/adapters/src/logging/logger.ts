import { pino, type Logger } from 'pino';
import { driverMessage } from '../persistence/errors.js';

/** Log levels the processes accept (LOG_LEVEL). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * Fields that never reach a log line: passwords, tokens, SMS codes (`smsCode`), phone numbers, keys,
 * secrets and the Authorization header, at the top level and one object down.
 */
export const REDACTED_PATHS: readonly string[] = [
  'password',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'smsCode',
  'phone',
  'secret',
  'authorization',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.apiKey',
  '*.smsCode',
  '*.phone',
  '*.secret',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
];

const DRIVER_FIELDS = ['code', 'errno', 'sqlState', 'sqlMessage'] as const;

/**
 * An error as a log field. Database driver errors carry the SQL text with its values inlined (the
 * ORM formats parameters into the statement), so their message, stack head and `sql` are reduced to
 * the driver's own message: no phone number or other value of a query ever reaches a log.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & Record<string, unknown>;
  const isDriver = DRIVER_FIELDS.some((field) => e[field] !== undefined) || /Exception$/.test(e.name);
  const message = isDriver ? driverMessage(e) : e.message;
  const stackFrames = (e.stack ?? '').split('\n').slice(1).join('\n');
  const out: Record<string, unknown> = {
    type: e.name,
    message,
    stack: `${e.name}: ${message}\n${stackFrames}`,
  };
  for (const field of DRIVER_FIELDS) {
    if (e[field] !== undefined && field !== 'sqlMessage') out[field] = e[field];
  }
  if (typeof e['code'] === 'string' && !isDriver) out['code'] = e['code'];
  if (e.cause !== undefined) out['cause'] = serializeError(e.cause);
  return out;
}

/** The process logger: pino JSON lines on stdout, secrets redacted, errors without SQL values. */
export function createLogger(options: { readonly level?: LogLevel; readonly name?: string } = {}): Logger {
  return pino({
    level: options.level ?? 'info',
    ...(options.name === undefined ? {} : { name: options.name }),
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

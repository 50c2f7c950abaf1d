import type { AdapterLogger } from '@chargeflow/adapters';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

/** Error objects (and kafkajs/Temporal errors) as plain JSON fields. */
function serialise(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A JSON-lines logger on stdout (pino-shaped: `(fields, message)`) that drops lines below `level`. */
export function jsonLogger(level: keyof typeof LEVELS, component = 'worker'): AdapterLogger {
  const line =
    (name: keyof typeof LEVELS) =>
    (fields: object, message?: string): void => {
      if (LEVELS[name] < LEVELS[level]) return;
      const record = { time: new Date().toISOString(), level: name, component, msg: message, ...fields };
      process.stdout.write(`${JSON.stringify(record, serialise)}\n`);
    };
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

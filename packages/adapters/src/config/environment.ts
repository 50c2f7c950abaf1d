import type { z } from 'zod';
import { ConfigError } from './endpoints.js';

/** Variables whose values are never repeated in an error (only that they were given). */
const HIDDEN = /SECRET|PASSWORD|ADMIN_URLS/;

/**
 * Validates a process's environment against its zod schema (an object of variable names): unset
 * and empty variables take the schema's defaults; the first bad one is a ConfigError naming the
 * variable and the value tried (hidden for secrets, passwords and admin URLs).
 */
export function parseEnvironment<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const raw = Object.fromEntries(
    Object.keys(schema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    const tried =
      raw[variable] === undefined ? undefined : HIDDEN.test(variable) ? '(hidden)' : String(raw[variable]);
    throw new ConfigError(variable, tried, issue?.message ?? 'invalid');
  }
  return parsed.data;
}

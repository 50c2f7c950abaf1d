import { ConfigError } from './endpoints.js';

/** Runs a config loader; a ConfigError becomes one clear line on stderr and exit code 78, not a stack trace. */
export function exitOnConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}

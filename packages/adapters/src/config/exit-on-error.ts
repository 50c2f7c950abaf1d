import { ConfigError } from './endpoints.js';

const exit = (error: unknown): never => {
  if (error instanceof ConfigError) {
    console.error(error.message); // the one line a bad setting gets, before any logger exists
    process.exit(78);
  }
  throw error;
};

/**
 * Runs a config loader, or a start-up step that validates settings (opening the control plane); a
 * ConfigError becomes one clear line on stderr and exit code 78, not a stack trace.
 */
export function exitOnConfigError<T>(load: () => Promise<T>): Promise<T>;
export function exitOnConfigError<T>(load: () => T): T;
export function exitOnConfigError<T>(load: () => T | Promise<T>): T | Promise<T> {
  try {
    const loaded = load();
    return loaded instanceof Promise ? loaded.catch(exit) : loaded;
  } catch (error) {
    return exit(error);
  }
}

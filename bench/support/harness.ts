// What every bench script shares: its flags, the numbers it prints, and a run that always cleans up.
import { execFileSync } from 'node:child_process';

/** `--name=value`, else the environment variable; undefined when neither is set (or empty). */
export function rawParam(name: string, envName: string): string | undefined {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const value = flag === undefined ? process.env[envName] : flag.slice(name.length + 3);
  return value === undefined || value === '' ? undefined : value;
}

/** A positive integer given as `--name` / `envName`. */
export function positiveInt(name: string, envName: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`--${name} / ${envName}: expected a positive integer, got "${text}"`);
  }
  return value;
}

/** A positive integer flag with its default. */
export function param(name: string, envName: string, fallback: number): number {
  const text = rawParam(name, envName);
  return text === undefined ? fallback : positiveInt(name, envName, text);
}

export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Nearest-rank percentile. */
export const percentile = (xs: readonly number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
};

/** The machine's load averages (`uptime`), printed next to every figure: the machine may be shared. */
export const loadAverage = (): string =>
  execFileSync('uptime', { encoding: 'utf8' })
    .trim()
    .replace(/^.*load/, 'load');

/** A whole number with thousands separators. */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * Runs a bench's body over resources already up, then exits: `cleanUp` runs exactly once, after the
 * body, after a failure (exit 1) or on SIGINT/SIGTERM (exit 130).
 */
export async function runBench(cleanUp: () => Promise<void>, body: () => Promise<void>): Promise<never> {
  let cleaning: Promise<void> | undefined;
  const cleanUpOnce = (): Promise<void> => (cleaning ??= cleanUp());
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    console.error('interrupted: cleaning up');
    void cleanUpOnce().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let failed = false;
  try {
    await body();
  } catch (error) {
    failed = true;
    if (!interrupted) console.error(error);
  } finally {
    await cleanUpOnce().catch((error: unknown) => {
      failed = true;
      console.error('clean-up failed:', error);
    });
  }
  process.exit(failed ? 1 : 0);
}

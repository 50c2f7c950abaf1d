// The production workflow bundle for a test file: the one the integration run's global setup built
// (global-bundle.ts), or, outside it (a unit test, a bench), a build of its own.
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { buildWorkflowBundle } from './build-bundle.js';

let built: Promise<{ code: string }> | undefined;

function providedPath(): string {
  try {
    return inject('workflowBundlePath') ?? '';
  } catch {
    return ''; // not inside a vitest run (benches)
  }
}

/** The workflow bundle, built at most once per test file (read from the run's global setup when it built one). */
export function sharedWorkflowBundle(): Promise<{ code: string }> {
  built ??= (async () => {
    const path = providedPath();
    return path === '' ? buildWorkflowBundle() : { code: await readFile(path, 'utf8') };
  })();
  return built;
}

// The production workflow bundle for a test file: the one the integration run's global setup built
// (global-bundle.ts), or, outside it (a unit test, a bench), a build of its own.
import { readFile } from 'node:fs/promises';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { inject } from 'vitest';
import { payloadConverterPath, workflowBundlerOptions, workflowsPath } from '../../src/index.js';

let built: Promise<{ code: string }> | undefined;

function providedPath(): string {
  try {
    return inject('workflowBundlePath') ?? '';
  } catch {
    return ''; // not inside a vitest run (benches)
  }
}

/** The workflow bundle (the real `workflows.ts` entry), built at most once per test file. */
export function sharedWorkflowBundle(): Promise<{ code: string }> {
  built ??= (async () => {
    const path = providedPath();
    if (path !== '') return { code: await readFile(path, 'utf8') };
    return bundleWorkflowCode({
      workflowsPath,
      payloadConverterPath,
      ...workflowBundlerOptions,
      logger: new DefaultLogger('WARN'),
    });
  })();
  return built;
}

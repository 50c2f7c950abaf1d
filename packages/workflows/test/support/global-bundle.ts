// Vitest global setup of the integration project: the production workflow bundle built ONCE per
// run and handed to every test file (`provide` → `inject`), instead of one webpack build per file
// (41 builds, ≈ 150 s of a CI run). Same entry, payload converter and bundler options as the worker.
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildWorkflowBundle } from './build-bundle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's workflow bundle file (global-bundle.ts), or '' when no global setup built one. */
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { code } = await buildWorkflowBundle();
  const path = join(tmpdir(), `chargeflow-workflows-${process.pid}-${randomUUID()}.js`);
  await writeFile(path, code);
  project.provide('workflowBundlePath', path);
  return () => rm(path, { force: true });
}

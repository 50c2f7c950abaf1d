// The tests' one way to build the production workflow bundle (global-bundle.ts, shared-bundle.ts);
// no vitest import, so the global setup can use it.
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { payloadConverterPath, workflowBundlerOptions, workflowsPath } from '../../src/index.js';

/** One webpack build of the real `workflows.ts` entry, with the worker's converter and bundler options. */
export async function buildWorkflowBundle(): Promise<{ code: string }> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    payloadConverterPath,
    ...workflowBundlerOptions,
    logger: new DefaultLogger('WARN'),
  });
  return { code };
}

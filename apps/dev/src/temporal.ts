import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runProbe, temporalProbe } from '@chargeflow/adapters';

const run = promisify(execFile);
const servicesScript = (root: string): string => join(root, 'scripts/services/services.sh');

/** A Temporal frontend for the local stack, and how to let go of it. */
export interface LocalTemporal {
  readonly address: string;
  readonly startedByUs: boolean;
  release(): Promise<void>;
}

/**
 * Finds a Temporal server at `address` or starts the CLI dev server through scripts/services
 * (which installs the CLI into the cache on first use). Only a server started here is stopped on release.
 */
export async function findOrStartTemporal(root: string, address: string): Promise<LocalTemporal> {
  const found = await runProbe(temporalProbe(address), 2000);
  if (found.status === 'up') return { address, startedByUs: false, release: async () => {} };

  const scratch = await mkdtemp(join(tmpdir(), 'chargeflow-dev-'));
  const startedFile = join(scratch, 'started');
  console.log(`no Temporal at ${address}; starting the dev server (first run installs the CLI)…`);
  await run('bash', [servicesScript(root), 'up', 'temporal'], {
    env: { ...process.env, CF_STARTED_FILE: startedFile },
    maxBuffer: 16 * 1024 * 1024,
  });
  const startedByUs = (await readFile(startedFile, 'utf8').catch(() => '')).includes('temporal');
  await rm(scratch, { recursive: true, force: true });
  return {
    address,
    startedByUs,
    release: async () => {
      if (startedByUs) await run('bash', [servicesScript(root), 'down', 'temporal']);
    },
  };
}

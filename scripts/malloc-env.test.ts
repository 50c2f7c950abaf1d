// SPEC §14 (scale), decision 0018, issue 16: the processes holding many open sessions start with the same glibc
// malloc settings, and a value the operator exported wins.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MALLOC_DEFAULTS, withMallocDefaults } from './malloc-env.mjs';

const workerPackage = JSON.parse(
  readFileSync(new URL('../apps/worker/package.json', import.meta.url), 'utf8'),
) as { scripts: { start: string } };

/** What `sh` gives node for the worker's start script's environment prefix, given `env`. */
function startScriptEnv(env: Record<string, string>): Record<string, string> {
  const prefix = workerPackage.scripts.start.split(' node ')[0]!;
  const out = execFileSync('sh', ['-c', `${prefix} env`], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  return Object.fromEntries(
    out
      .toString()
      .split('\n')
      .filter((line) => line.startsWith('MALLOC_'))
      .map((line) => line.split('=') as [string, string]),
  );
}

describe('malloc settings of the session-holding processes (decision 0018, issue 16)', () => {
  it('are 2 arenas and fixed 128 KiB mmap and trim thresholds', () => {
    expect(MALLOC_DEFAULTS).toEqual({
      MALLOC_ARENA_MAX: '2',
      MALLOC_MMAP_THRESHOLD_: '131072',
      MALLOC_TRIM_THRESHOLD_: '131072',
    });
  });

  it('fill what the environment leaves unset or empty and keep what it sets', () => {
    const env = withMallocDefaults({ MALLOC_ARENA_MAX: '4', MALLOC_TRIM_THRESHOLD_: '', HOME: '/h' });
    expect(env).toEqual({
      HOME: '/h',
      MALLOC_ARENA_MAX: '4',
      MALLOC_MMAP_THRESHOLD_: '131072',
      MALLOC_TRIM_THRESHOLD_: '131072',
    });
  });

  it("are what apps/worker's start script gives node, and an exported value wins there too", () => {
    expect(startScriptEnv({})).toEqual(MALLOC_DEFAULTS);
    expect(startScriptEnv({ MALLOC_ARENA_MAX: '8' })).toEqual({ ...MALLOC_DEFAULTS, MALLOC_ARENA_MAX: '8' });
  });
});

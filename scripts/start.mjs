#!/usr/bin/env node
// `npm start` on a fresh clone: installs the dependencies once (npm ci) when node_modules is missing,
// then runs the local stack (apps/dev/src/main.ts) with workspace packages resolved to their sources.
// Plain Node, no dependency of its own, so it runs before anything is installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withMallocDefaults } from './malloc-env.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const installed = ['tsx', '@chargeflow/adapters', 'hono'].every((name) =>
  existsSync(join(root, 'node_modules', name, 'package.json')),
);
if (!installed) {
  console.log('first start: installing dependencies (npm ci) …');
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm ci failed; fix the error above and run npm start again');
    process.exit(result.status ?? 1);
  }
}
const entry = process.argv[2] === 'demo' ? 'apps/dev/src/demo.ts' : 'apps/dev/src/main.ts';
const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(root, entry)], {
  cwd: root,
  stdio: 'inherit',
  env: withMallocDefaults(process.env), // the worker inside holds every open session (decision 0018)
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));

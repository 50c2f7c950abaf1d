// Runs every bench/*.bench.ts in turn, each in its own process (`npm run bench`), with the `source`
// export condition so workspace packages (@chargeflow/*) resolve to their TypeScript sources, and
// `--expose-gc` (tenants-memory.bench.ts measures the heap after `gc()`).
// `npm run bench -- auth-scope tenants-memory` runs only the benches whose names contain one of the
// words; `--flags` after `--` are passed to every bench run (each reads its own and ignores the rest).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withMallocDefaults } from '../scripts/malloc-env.mjs';

const dir = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const words = args.filter((arg) => !arg.startsWith('--'));
const flags = args.filter((arg) => arg.startsWith('--'));
const benches = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => words.length === 0 || words.some((word) => name.includes(word)))
  .sort();
if (benches.length === 0) {
  console.error(`no bench matches ${words.join(', ')}`);
  process.exit(1);
}
let failed = 0;
for (const name of benches) {
  console.log(`\n== ${name}`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--conditions=source', '--import', 'tsx', join(dir, name), ...flags],
    { stdio: 'inherit', env: withMallocDefaults(process.env) }, // as the worker runs (decision 0018)
  );
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);

#!/usr/bin/env node
// Purity guard: packages/core may import only relative files and a short allow-list of pure libraries.
// Anything else (other workspace packages, Temporal, Hono, MikroORM, drivers, node I/O) fails CI.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const coreSrc = join(root, 'packages/core/src');
const ALLOWED = new Set(['zod', 'luxon', 'fast-check', 'vitest']);
const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
const CLOCK = /\bDate\.now\(|\bnew Date\(\)|\bMath\.random\(/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.[cm]?[jt]s$/.test(name)) yield path;
  }
}

const problems = [];
for (const file of files(coreSrc)) {
  const text = readFileSync(file, 'utf8');
  const isTest = /\.test\.[cm]?[jt]s$/.test(file);
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (spec === undefined || spec.startsWith('.')) continue;
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    if (!ALLOWED.has(pkg) || ((pkg === 'fast-check' || pkg === 'vitest') && !isTest)) {
      problems.push(
        `${relative(root, file)}: imports '${spec}' (core may import only ${[...ALLOWED].join(', ')})`,
      );
    }
  }
  if (!isTest && CLOCK.test(text))
    problems.push(`${relative(root, file)}: reads the clock or randomness itself`);
}

if (problems.length > 0) {
  console.error(`core purity check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('core purity check: ok');

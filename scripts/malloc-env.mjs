// glibc malloc settings for the processes that hold many open sessions (the worker, `npm start`,
// the benches): decision 0018. glibc reads them once, when a process starts, so they are set by
// whoever spawns node (scripts/start.mjs, bench/run.ts) and in apps/worker's start script; a value
// the operator already exported wins. Plain Node, no dependency, so start.mjs can use it before
// anything is installed.

/** Defaults: 2 arenas; blocks ≥ 128 KiB mmapped and freed memory above 128 KiB trimmed (fixed, not adaptive). */
export const MALLOC_DEFAULTS = Object.freeze({
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
});

/** `env` with every malloc default it does not set itself. */
export function withMallocDefaults(env) {
  const out = { ...env };
  for (const [name, value] of Object.entries(MALLOC_DEFAULTS)) {
    if (out[name] === undefined || out[name] === '') out[name] = value;
  }
  return out;
}

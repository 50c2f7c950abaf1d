// Types of malloc-env.mjs (plain Node so scripts/start.mjs runs before anything is installed).
export declare const MALLOC_DEFAULTS: Readonly<
  Record<'MALLOC_ARENA_MAX' | 'MALLOC_MMAP_THRESHOLD_' | 'MALLOC_TRIM_THRESHOLD_', string>
>;
export declare function withMallocDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

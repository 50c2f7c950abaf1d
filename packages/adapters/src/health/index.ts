export * from './probe.js';
export * from './probes.js';

import { Migration0001Initial } from './Migration0001Initial.js';

/** Every migration, in order. Append new ones; never edit or reorder a released one. */
export const MIGRATIONS = [{ name: 'Migration0001Initial', class: Migration0001Initial }] as const;

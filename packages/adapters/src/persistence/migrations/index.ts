import { Migration0001Initial } from './Migration0001Initial.js';
import { Migration0002Hardening } from './Migration0002Hardening.js';

/** Every migration, in order. Append new ones; never edit or reorder a released one. */
export const MIGRATIONS = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
  { name: 'Migration0002Hardening', class: Migration0002Hardening },
] as const;

import { Migration0001Initial } from './Migration0001Initial.js';
import { Migration0002Hardening } from './Migration0002Hardening.js';
import { Migration0003Access } from './Migration0003Access.js';
import { Migration0004Organisation } from './Migration0004Organisation.js';
import { Migration0005Money } from './Migration0005Money.js';
import { Migration0006Cards } from './Migration0006Cards.js';
import { Migration0007Reservations } from './Migration0007Reservations.js';
import { Migration0008Ebike } from './Migration0008Ebike.js';
import { Migration0009Splits } from './Migration0009Splits.js';
import { Migration0010Invoices } from './Migration0010Invoices.js';
import { Migration0011Occupancy } from './Migration0011Occupancy.js';
import { Migration0012OrderFees } from './Migration0012OrderFees.js';
import { Migration0013SessionSamples } from './Migration0013SessionSamples.js';

/** Every migration, in order. Append new ones; never edit or reorder a released one. */
export const MIGRATIONS = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
  { name: 'Migration0002Hardening', class: Migration0002Hardening },
  { name: 'Migration0003Access', class: Migration0003Access },
  { name: 'Migration0004Organisation', class: Migration0004Organisation },
  { name: 'Migration0005Money', class: Migration0005Money },
  { name: 'Migration0006Cards', class: Migration0006Cards },
  { name: 'Migration0007Reservations', class: Migration0007Reservations },
  { name: 'Migration0008Ebike', class: Migration0008Ebike },
  { name: 'Migration0009Splits', class: Migration0009Splits },
  { name: 'Migration0010Invoices', class: Migration0010Invoices },
  { name: 'Migration0011Occupancy', class: Migration0011Occupancy },
  { name: 'Migration0012OrderFees', class: Migration0012OrderFees },
  { name: 'Migration0013SessionSamples', class: Migration0013SessionSamples },
] as const;

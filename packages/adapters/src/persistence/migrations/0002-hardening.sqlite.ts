import { ACTIVE_STATES, MONEY_RANGES, rangeCondition } from './0002-hardening.ranges.js';

const RAISE = (name: string) => `select raise(abort, 'CHECK constraint failed: ${name}');`;

/**
 * The SQLite statements of migration 0002. SQLite cannot add a CHECK to an existing table without
 * rebuilding it, so each money range is a pair of BEFORE INSERT / BEFORE UPDATE triggers that abort
 * with the same message a CHECK gives ("CHECK constraint failed: <name>"); the new column carries a
 * real CHECK. The active-order rule is a partial unique index.
 */
export const HARDENING_SQLITE: readonly string[] = [
  'alter table `station` add column `max_prepay_fen` bigint not null default 100000 check (`max_prepay_fen` between 1 and 10000000);',
  ...MONEY_RANGES.filter((range) => range.table !== 'station').flatMap((range) =>
    (['insert', 'update'] as const).map(
      (event) =>
        `create trigger \`${range.name}_${event}\` before ${event} on \`${range.table}\` when not (${rangeCondition(range, 'NEW.', true)}) begin ${RAISE(range.name)} end;`,
    ),
  ),
  `create unique index \`charging_order_active_connector_unique\` on \`charging_order\` (\`connector_id\`) where \`status\` in ${ACTIVE_STATES};`,
];

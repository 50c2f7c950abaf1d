import { ACTIVE_STATES, MONEY_RANGES, rangeCondition } from './0002-hardening.ranges.js';

/**
 * The MariaDB/MySQL statements of migration 0002: the station's prepay limit, a CHECK on the range
 * of every money column, and at most one active order per connector (a unique key over a generated
 * column that holds the connector id only while the order is active; NULLs never collide).
 */
export const HARDENING_MARIADB: readonly string[] = [
  'alter table `station` add `max_prepay_fen` bigint not null default 100000;',
  ...MONEY_RANGES.map(
    (range) =>
      `alter table \`${range.table}\` add constraint \`${range.name}\` check (${rangeCondition(range, '', false)});`,
  ),
  `alter table \`charging_order\` add \`active_connector_id\` varchar(36) as (case when \`status\` in ${ACTIVE_STATES} then \`connector_id\` else null end) stored;`,
  'alter table `charging_order` add unique `charging_order_active_connector_unique`(`active_connector_id`);',
];

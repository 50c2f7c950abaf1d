// Generated from the entities by print-schema-sql.ts (MariaDB/MySQL); the amount range check added by
// hand (docs/reservations.md). Committed, never edited after release.

/** The MariaDB/MySQL statements of migration 0012: fees on charging orders, charging time of stays (TAR-12, RES-3). */
export const ORDER_FEES_MARIADB: readonly string[] = [
  "create table `order_fee` (`id` varchar(36) not null, `order_no` varchar(32) not null, `provider_id` varchar(36) not null, `property_id` varchar(36) not null, `station_id` varchar(36) not null, `kind` enum('OCCUPANCY') not null, `source_kind` enum('RESERVATION', 'OCCUPANCY_RECORD') not null, `source_ref` varchar(36) not null, `amount_fen` bigint not null, `line` json not null, `status` enum('UNPAID') not null, `created_at` bigint not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;",
  'alter table `order_fee` add index `order_fee_order_idx`(`order_no`);',
  'alter table `order_fee` add index `order_fee_scope_idx`(`provider_id`, `property_id`);',
  'alter table `order_fee` add unique `order_fee_source_unique`(`source_kind`, `source_ref`);',
  'alter table `order_fee` add constraint `order_fee_amount_range` check (`amount_fen` between 0 and 1000000000000000);',
  'alter table `occupancy_record` add column `charged_ms` bigint not null default 0;',
  'alter table `charging_order` add index `charging_order_charger_started_idx`(`charger_id`, `started_at`);',
];

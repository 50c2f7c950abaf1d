// Generated from the entities by print-schema-sql.ts (SQLite (libsql)); the amount range check added
// by hand. Committed, never edited after release.

/** The SQLite (libsql) statements of migration 0012: fees on charging orders, charging time of stays (TAR-12, RES-3). */
export const ORDER_FEES_SQLITE: readonly string[] = [
  "create table `order_fee` (`id` text not null, `order_no` text not null, `provider_id` text not null, `property_id` text not null, `station_id` text not null, `kind` text check (`kind` in ('OCCUPANCY')) not null, `source_kind` text check (`source_kind` in ('RESERVATION', 'OCCUPANCY_RECORD')) not null, `source_ref` text not null, `amount_fen` bigint not null check (`amount_fen` between 0 and 1000000000000000), `line` json not null, `status` text check (`status` in ('UNPAID')) not null, `created_at` bigint not null, primary key (`id`));",
  'create index `order_fee_order_idx` on `order_fee` (`order_no`);',
  'create index `order_fee_scope_idx` on `order_fee` (`provider_id`, `property_id`);',
  'create unique index `order_fee_source_unique` on `order_fee` (`source_kind`, `source_ref`);',
  'alter table `occupancy_record` add column `charged_ms` bigint not null default 0;',
  'create index `charging_order_charger_started_idx` on `charging_order` (`charger_id`, `started_at`);',
];

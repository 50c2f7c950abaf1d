// Generated from the entities by print-schema-sql.ts (SQLite (libsql)). Committed, never edited after release.

/** The SQLite (libsql) statements of migration 0013: recorded meter samples and the order's watch (decision 0019). */
export const SESSION_SAMPLES_SQLITE: readonly string[] = [
  'create table `session_sample` (`seq` integer not null primary key autoincrement, `order_no` text not null, `event_id` text not null, `occurred_at` bigint not null, `meter_wh` bigint not null, `power_w` double not null, `soc` integer null, `recorded_at` bigint not null);',
  'create unique index `session_sample_event_unique` on `session_sample` (`order_no`, `event_id`);',
  'alter table `charging_order` add column `watch_wh` bigint null;',
];

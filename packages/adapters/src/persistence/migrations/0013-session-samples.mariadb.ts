// Generated from the entities by print-schema-sql.ts (MariaDB/MySQL). Committed, never edited after release.

/** The MariaDB/MySQL statements of migration 0013: recorded meter samples and the order's watch (decision 0019). */
export const SESSION_SAMPLES_MARIADB: readonly string[] = [
  'create table `session_sample` (`seq` bigint unsigned not null auto_increment primary key, `order_no` varchar(64) not null, `event_id` varchar(128) not null, `occurred_at` bigint not null, `meter_wh` bigint not null, `power_w` double not null, `soc` int null, `recorded_at` bigint not null) default character set utf8mb4 engine = InnoDB;',
  'alter table `session_sample` add unique `session_sample_event_unique`(`order_no`, `event_id`);',
  'alter table `charging_order` add column `watch_wh` bigint null;',
];

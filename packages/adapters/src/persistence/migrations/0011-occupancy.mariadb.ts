// Generated from the entities by print-schema-sql.ts (MariaDB/MySQL); the fee range check added by
// hand (docs/reservations.md). Committed, never edited after release.

/** The MariaDB/MySQL statements of migration 0011: occupancy records without a reservation (TAR-12). */
export const OCCUPANCY_MARIADB: readonly string[] = [
  `create table \`occupancy_record\` (\`id\` varchar(36) not null, \`provider_id\` varchar(36) not null, \`property_id\` varchar(36) not null, \`station_id\` varchar(36) not null, \`space_id\` varchar(36) not null, \`space_name\` varchar(64) not null, \`charger_id\` varchar(36) not null, \`plate\` varchar(16) not null, \`entered_at\` bigint null, \`left_at\` bigint null, \`enter_event_id\` varchar(128) null, \`leave_event_id\` varchar(128) null, \`whitelisted\` tinyint(1) not null default false, \`occupancy_fee_fen\` bigint null, \`occupancy_line\` json null, \`created_at\` bigint not null, \`updated_at\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
  `alter table \`occupancy_record\` add index \`occupancy_record_scope_idx\`(\`provider_id\`, \`property_id\`);`,
  `alter table \`occupancy_record\` add index \`occupancy_record_space_plate_idx\`(\`space_id\`, \`plate\`);`,
  `alter table \`occupancy_record\` add unique \`occupancy_record_enter_event_unique\`(\`space_id\`, \`enter_event_id\`);`,
  `alter table \`occupancy_record\` add unique \`occupancy_record_leave_event_unique\`(\`space_id\`, \`leave_event_id\`);`,
  'alter table `occupancy_record` add constraint `occupancy_record_fee_range` check (`occupancy_fee_fen` is null or `occupancy_fee_fen` between 0 and 1000000000000000);',
];

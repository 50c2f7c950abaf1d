// Generated from the entities by print-schema-sql.ts (SQLite (libsql)). Committed, never edited after release.

/** The SQLite (libsql) statements of migration 0011: occupancy records without a reservation (TAR-12). */
export const OCCUPANCY_SQLITE: readonly string[] = [
  `create table \`occupancy_record\` (\`id\` text not null, \`provider_id\` text not null, \`property_id\` text not null, \`station_id\` text not null, \`space_id\` text not null, \`space_name\` text not null, \`charger_id\` text not null, \`plate\` text not null, \`entered_at\` bigint null, \`left_at\` bigint null, \`enter_event_id\` text null, \`leave_event_id\` text null, \`whitelisted\` integer not null default false, \`occupancy_fee_fen\` bigint null, \`occupancy_line\` json null, \`created_at\` bigint not null, \`updated_at\` bigint not null, primary key (\`id\`));`,
  `create index \`occupancy_record_scope_idx\` on \`occupancy_record\` (\`provider_id\`, \`property_id\`);`,
  `create index \`occupancy_record_space_plate_idx\` on \`occupancy_record\` (\`space_id\`, \`plate\`);`,
  `create unique index \`occupancy_record_enter_event_unique\` on \`occupancy_record\` (\`space_id\`, \`enter_event_id\`);`,
  `create unique index \`occupancy_record_leave_event_unique\` on \`occupancy_record\` (\`space_id\`, \`leave_event_id\`);`,
];

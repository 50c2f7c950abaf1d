// Tables generated from the entities by print-schema-sql.ts (SQLite (libsql)); the partial unique
// indexes added by hand, as in 0007-reservations.mariadb.ts. Committed, never edited after release.

const ACTIVE = "('RESERVED', 'OCCUPYING')";

/** The SQLite (libsql) statements of migration 0007: spaces, cameras, whitelist, reservations, charger flags. */
export const RESERVATIONS_SQLITE: readonly string[] = [
  `create table \`camera\` (\`id\` text not null, \`provider_id\` text not null, \`property_id\` text not null, \`station_id\` text not null, \`area_id\` text not null, \`serial_no\` text not null, \`ip\` text not null, \`name\` text not null, \`sim\` text null, \`left_space_id\` text null, \`right_space_id\` text null, \`enabled\` integer not null default true, \`created_at\` bigint not null, primary key (\`id\`));`,
  `create unique index \`camera_serial_no_unique\` on \`camera\` (\`serial_no\`);`,
  `create index \`camera_scope_idx\` on \`camera\` (\`provider_id\`, \`property_id\`);`,
  `create table \`parking_space\` (\`id\` text not null, \`provider_id\` text not null, \`property_id\` text not null, \`station_id\` text not null, \`area_id\` text not null, \`name\` text not null, \`lock_type\` text check (\`lock_type\` in ('NONE', 'GROUND_LOCK')) not null, \`charger_id\` text null, \`enabled\` integer not null default true, \`created_at\` bigint not null, primary key (\`id\`));`,
  `create index \`parking_space_scope_idx\` on \`parking_space\` (\`provider_id\`, \`property_id\`);`,
  `create unique index \`parking_space_station_name_unique\` on \`parking_space\` (\`station_id\`, \`name\`);`,
  `create table \`reservation\` (\`reservation_no\` text not null, \`provider_id\` text not null, \`property_id\` text not null, \`station_id\` text not null, \`space_id\` text not null, \`space_name\` text not null, \`charger_id\` text not null, \`owner_id\` text not null, \`phone\` text not null, \`plate\` text not null, \`status\` text check (\`status\` in ('RESERVED', 'OCCUPYING', 'COMPLETED', 'CANCELLED', 'TIMED_OUT')) not null, \`reserved_at\` bigint not null, \`entered_at\` bigint null, \`ended_at\` bigint null, \`whitelisted\` integer not null default false, \`charged_ms\` bigint not null default 0, \`occupancy_ms\` bigint null, \`occupancy_fee_fen\` bigint null, \`occupancy_line\` json null, \`lock_fault\` text null, \`updated_at\` bigint not null, primary key (\`reservation_no\`));`,
  `create index \`reservation_scope_idx\` on \`reservation\` (\`provider_id\`, \`property_id\`);`,
  `create index \`reservation_plate_idx\` on \`reservation\` (\`plate\`);`,
  `create table \`whitelist_entry\` (\`id\` text not null, \`provider_id\` text not null, \`property_id\` text not null, \`station_id\` text not null, \`plate\` text not null, \`remark\` text not null, \`enabled\` integer not null default true, \`created_at\` bigint not null, primary key (\`id\`));`,
  `create index \`whitelist_entry_scope_idx\` on \`whitelist_entry\` (\`provider_id\`, \`property_id\`);`,
  `create unique index \`whitelist_entry_station_plate_unique\` on \`whitelist_entry\` (\`station_id\`, \`plate\`);`,
  // RES-1: one active reservation per space and per owner, kept by the database under concurrency.
  `create unique index \`reservation_active_space_unique\` on \`reservation\` (\`space_id\`) where \`status\` in ${ACTIVE};`,
  `create unique index \`reservation_active_owner_unique\` on \`reservation\` (\`owner_id\`) where \`status\` in ${ACTIVE};`,
  // RES-1 reservation flag and TAR-12 occupancy-fee flag of a charger.
  'alter table `charger` add column `reservable` integer not null default false;',
  'alter table `charger` add column `charges_occupancy` integer not null default false;',
];

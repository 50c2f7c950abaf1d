// Tables generated from the entities by print-schema-sql.ts (MariaDB/MySQL); the generated columns
// that make one active reservation per space and per owner a unique key added by hand
// (docs/reservations.md). Committed, never edited after release.

const ACTIVE = "('RESERVED', 'OCCUPYING')";

/** The MariaDB/MySQL statements of migration 0007: spaces, cameras, whitelist, reservations, charger flags. */
export const RESERVATIONS_MARIADB: readonly string[] = [
  `create table \`camera\` (\`id\` varchar(36) not null, \`provider_id\` varchar(36) not null, \`property_id\` varchar(36) not null, \`station_id\` varchar(36) not null, \`area_id\` varchar(36) not null, \`serial_no\` varchar(64) not null, \`ip\` varchar(45) not null, \`name\` varchar(128) not null, \`sim\` varchar(32) null, \`left_space_id\` varchar(36) null, \`right_space_id\` varchar(36) null, \`enabled\` tinyint(1) not null default true, \`created_at\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
  `alter table \`camera\` add unique \`camera_serial_no_unique\`(\`serial_no\`);`,
  `alter table \`camera\` add index \`camera_scope_idx\`(\`provider_id\`, \`property_id\`);`,
  `create table \`parking_space\` (\`id\` varchar(36) not null, \`provider_id\` varchar(36) not null, \`property_id\` varchar(36) not null, \`station_id\` varchar(36) not null, \`area_id\` varchar(36) not null, \`name\` varchar(64) not null, \`lock_type\` enum('NONE', 'GROUND_LOCK') not null, \`charger_id\` varchar(36) null, \`enabled\` tinyint(1) not null default true, \`created_at\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
  `alter table \`parking_space\` add index \`parking_space_scope_idx\`(\`provider_id\`, \`property_id\`);`,
  `alter table \`parking_space\` add unique \`parking_space_station_name_unique\`(\`station_id\`, \`name\`);`,
  `create table \`reservation\` (\`reservation_no\` varchar(32) not null, \`provider_id\` varchar(36) not null, \`property_id\` varchar(36) not null, \`station_id\` varchar(36) not null, \`space_id\` varchar(36) not null, \`space_name\` varchar(64) not null, \`charger_id\` varchar(36) not null, \`owner_id\` varchar(36) not null, \`phone\` varchar(32) not null, \`plate\` varchar(16) not null, \`status\` enum('RESERVED', 'OCCUPYING', 'COMPLETED', 'CANCELLED', 'TIMED_OUT') not null, \`reserved_at\` bigint not null, \`entered_at\` bigint null, \`ended_at\` bigint null, \`whitelisted\` tinyint(1) not null default false, \`charged_ms\` bigint not null default 0, \`occupancy_ms\` bigint null, \`occupancy_fee_fen\` bigint null, \`occupancy_line\` json null, \`lock_fault\` varchar(16) null, \`updated_at\` bigint not null, primary key (\`reservation_no\`)) default character set utf8mb4 engine = InnoDB;`,
  `alter table \`reservation\` add index \`reservation_scope_idx\`(\`provider_id\`, \`property_id\`);`,
  `alter table \`reservation\` add index \`reservation_plate_idx\`(\`plate\`);`,
  `create table \`whitelist_entry\` (\`id\` varchar(36) not null, \`provider_id\` varchar(36) not null, \`property_id\` varchar(36) not null, \`station_id\` varchar(36) not null, \`plate\` varchar(16) not null, \`remark\` varchar(200) not null, \`enabled\` tinyint(1) not null default true, \`created_at\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
  `alter table \`whitelist_entry\` add index \`whitelist_entry_scope_idx\`(\`provider_id\`, \`property_id\`);`,
  `alter table \`whitelist_entry\` add unique \`whitelist_entry_station_plate_unique\`(\`station_id\`, \`plate\`);`,
  // RES-1: one active reservation per space and per owner, kept by the database under concurrency.
  `alter table \`reservation\` add \`active_space_id\` varchar(36) as (case when \`status\` in ${ACTIVE} then \`space_id\` else null end) stored;`,
  'alter table `reservation` add unique `reservation_active_space_unique`(`active_space_id`);',
  `alter table \`reservation\` add \`active_owner_id\` varchar(36) as (case when \`status\` in ${ACTIVE} then \`owner_id\` else null end) stored;`,
  'alter table `reservation` add unique `reservation_active_owner_unique`(`active_owner_id`);',
  `alter table \`reservation\` add constraint \`reservation_fee_range\` check (\`occupancy_fee_fen\` is null or \`occupancy_fee_fen\` between 0 and 1000000000000000);`,
  // RES-1 reservation flag and TAR-12 occupancy-fee flag of a charger.
  'alter table `charger` add `reservable` tinyint(1) not null default false, add `charges_occupancy` tinyint(1) not null default false;',
];

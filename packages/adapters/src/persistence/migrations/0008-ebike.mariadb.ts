// Written by hand after the entity (persistence/entities/ebike-device.ts); the CHECKs repeat the
// HTTP bounds (docs/ebike.md) so no writer can store a device outside them. Never edited after release.

const CHECKS =
  'constraint `ebike_device_bounds` check (`rated_voltage_v` between 1 and 1000 and `rated_current_ma` between 1 and 500000 and `current_upper_limit_ma` between 1 and 500000 and `current_lower_limit_ma` >= 0 and `current_lower_limit_ma` < `current_upper_limit_ma` and `socket_count` between 1 and 255 and `deployment_date` >= `production_date`)';

/** The MariaDB/MySQL statements of migration 0008: e-bike device nameplates (ASSET-7). */
export const EBIKE_MARIADB: readonly string[] = [
  `create table \`ebike_device\` (\`charger_id\` varchar(36) not null, \`rated_voltage_v\` int not null, \`rated_current_ma\` int not null, \`current_upper_limit_ma\` int not null, \`current_lower_limit_ma\` int not null, \`socket_count\` int not null, \`production_date\` varchar(10) not null, \`deployment_date\` varchar(10) not null, \`location\` varchar(255) not null, \`updated_at\` bigint not null, primary key (\`charger_id\`), ${CHECKS}) default character set utf8mb4 engine = InnoDB;`,
  'alter table `ebike_device` add constraint `ebike_device_charger_id_foreign` foreign key (`charger_id`) references `charger` (`id`) on update cascade on delete cascade;',
];

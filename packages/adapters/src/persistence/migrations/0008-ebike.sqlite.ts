// The SQLite form of migration 0008 (see 0008-ebike.mariadb.ts). Never edited after release.

/** The SQLite statements of migration 0008: e-bike device nameplates (ASSET-7). */
export const EBIKE_SQLITE: readonly string[] = [
  'create table `ebike_device` (`charger_id` text not null, `rated_voltage_v` integer not null, `rated_current_ma` integer not null, `current_upper_limit_ma` integer not null, `current_lower_limit_ma` integer not null, `socket_count` integer not null, `production_date` text not null, `deployment_date` text not null, `location` text not null, `updated_at` bigint not null, constraint `ebike_device_charger_id_foreign` foreign key(`charger_id`) references `charger`(`id`) on delete cascade on update cascade, constraint `ebike_device_bounds` check (`rated_voltage_v` between 1 and 1000 and `rated_current_ma` between 1 and 500000 and `current_upper_limit_ma` between 1 and 500000 and `current_lower_limit_ma` >= 0 and `current_lower_limit_ma` < `current_upper_limit_ma` and `socket_count` between 1 and 255 and `deployment_date` >= `production_date`), primary key (`charger_id`));',
];

// Tables generated from the entities by print-schema-sql.ts (MariaDB/MySQL); the scope columns added by hand.
// Committed, never edited after release.
/** The MariaDB/MySQL statements of migration 0003: ORG-1 scope columns, staff users, roles, app users, audit log. */
export const ACCESS_MARIADB: readonly string[] = [
  'alter table `station` add `provider_id` varchar(36) null;',
  'update `station` join `property` on `property`.`id` = `station`.`property_id` set `station`.`provider_id` = `property`.`provider_id`;',
  'alter table `station` add index `station_scope_idx`(`provider_id`, `property_id`);',
  'alter table `charger` add `provider_id` varchar(36) null, add `property_id` varchar(36) null;',
  'update `charger` join `station` on `station`.`id` = `charger`.`station_id` set `charger`.`provider_id` = `station`.`provider_id`, `charger`.`property_id` = `station`.`property_id`;',
  'alter table `tariff_version` add `provider_id` varchar(36) null, add `property_id` varchar(36) null;',
  'update `tariff_version` join `station` on `station`.`id` = `tariff_version`.`station_id` set `tariff_version`.`provider_id` = `station`.`provider_id`, `tariff_version`.`property_id` = `station`.`property_id`;',
  'alter table `charging_order` add `provider_id` varchar(36) null, add `property_id` varchar(36) null, add `owner_id` varchar(36) null;',
  'update `charging_order` join `station` on `station`.`id` = `charging_order`.`station_id` set `charging_order`.`provider_id` = `station`.`provider_id`, `charging_order`.`property_id` = `station`.`property_id`;',
  'alter table `charging_order` add index `charging_order_property_created_idx`(`property_id`, `created_at`);',
  'alter table `charging_order` add index `charging_order_owner_created_idx`(`owner_id`, `created_at`);',
  'create table `audit_log` (`id` varchar(36) not null, `at` bigint not null, `caller_kind` varchar(16) not null, `caller_id` varchar(64) not null, `scope_provider_id` varchar(36) null, `scope_property_id` varchar(36) null, `method` varchar(8) not null, `route` varchar(255) not null, `path` varchar(512) not null, `status` int not null, `permission` varchar(64) not null, `request_id` varchar(64) not null, `ip` varchar(64) not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;',
  'alter table `audit_log` add index `audit_log_at_idx`(`at`, `id`);',
  "create table `role` (`id` varchar(36) not null, `owner_level` enum('PLATFORM', 'PROVIDER', 'PROPERTY') not null, `owner_provider_id` varchar(36) null, `owner_property_id` varchar(36) null, `name` varchar(128) not null, `enabled` tinyint(1) not null default true, `permissions` json not null, `duties` json not null, `created_at` bigint not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;",
  "create table `staff_user` (`id` varchar(36) not null, `phone` varchar(32) not null, `name` varchar(128) not null, `email` varchar(255) null, `password_hash` varchar(255) not null, `place_level` enum('PLATFORM', 'PROVIDER', 'PROPERTY', 'COLLECTIVE') not null, `provider_id` varchar(36) null, `property_id` varchar(36) null, `collective_account_id` varchar(36) null, `enabled` tinyint(1) not null default true, `failed_logins` int not null default 0, `locked_until` bigint null, `created_at` bigint not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;",
  'alter table `staff_user` add unique `staff_user_phone_unique`(`phone`);',
  'create table `user_role` (`user_id` varchar(36) not null, `role_id` varchar(36) not null, primary key (`user_id`, `role_id`)) default character set utf8mb4 engine = InnoDB;',
  'alter table `user_role` add index `user_role_role_idx`(`role_id`);',
  'create table `user_station` (`user_id` varchar(36) not null, `station_id` varchar(36) not null, primary key (`user_id`, `station_id`)) default character set utf8mb4 engine = InnoDB;',
  'create table `vehicle_owner` (`id` varchar(36) not null, `phone` varchar(32) not null, `nickname` varchar(64) null, `verified` tinyint(1) not null default false, `enabled` tinyint(1) not null default true, `created_at` bigint not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;',
  'alter table `vehicle_owner` add unique `vehicle_owner_phone_unique`(`phone`);',
];

// Generated from the tenancy entities by print-schema-sql.ts (MariaDB/MySQL); committed, never edited
// after release. One change by hand: `device_registry.serial_no` is binary-collated, so a serial
// compares byte for byte on MariaDB as it does on SQLite (the wire identity is case-sensitive).
/** The MariaDB/MySQL statements of platform migration P0001 (tenants, datasources, device registry). */
export const TENANCY_MARIADB: readonly string[] = [
  "create table `tenant` (`id` varchar(32) not null, `name` varchar(128) not null, `state` enum('OPEN', 'CLOSED') not null, `created_at` bigint not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;",
  "create table `tenant_datasource` (`tenant_id` varchar(32) not null, `kind` enum('MYSQL', 'SQLITE') not null, `host` varchar(255) not null, `port` int not null, `datasource_name` varchar(64) not null, `database_name` varchar(64) not null, `account` varchar(80) not null, `password_enc` varchar(512) not null, `max_connections` int not null, `min_connections` int not null, `remarks` text null, `implementation_state` enum('NOT_IMPLEMENTED', 'IMPLEMENTING', 'ONLINE') not null, `provisioning_state` enum('PROVISIONING', 'READY', 'FAILED') not null, `provisioning_id` varchar(32) not null, `lease_owner` varchar(32) null, `lease_until` bigint not null default 0, `last_error` varchar(1000) null, `created_at` bigint not null, `updated_at` bigint not null, primary key (`tenant_id`)) default character set utf8mb4 engine = InnoDB;",
  'alter table `tenant_datasource` add unique `tenant_datasource_account_unique`(`host`, `port`, `account`);',
  'create table `device_registry` (`serial_no` varchar(64) character set utf8mb4 collate utf8mb4_bin not null, `tenant_id` varchar(32) not null, `registered_at` bigint not null, primary key (`serial_no`)) default character set utf8mb4 engine = InnoDB;',
  'alter table `device_registry` add index `device_registry_tenant_idx`(`tenant_id`);',
];

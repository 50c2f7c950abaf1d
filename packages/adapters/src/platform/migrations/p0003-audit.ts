// The platform database's audit log (same table as a tenant database's, generated from AuditEntryEntity).
// Committed, never edited after release.

/** MariaDB/MySQL statements of MigrationP0003Audit. */
export const AUDIT_MARIADB: readonly string[] = [
  'create table `audit_log` (`id` varchar(36) not null, `at` bigint not null, `caller_kind` varchar(16) not null, `caller_id` varchar(64) not null, `scope_provider_id` varchar(36) null, `scope_property_id` varchar(36) null, `method` varchar(8) not null, `route` varchar(255) not null, `path` varchar(512) not null, `status` int not null, `permission` varchar(64) not null, `request_id` varchar(64) not null, `ip` varchar(64) not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;',
  'alter table `audit_log` add index `audit_log_at_idx`(`at`, `id`);',
];

/** SQLite statements of MigrationP0003Audit. */
export const AUDIT_SQLITE: readonly string[] = [
  'create table `audit_log` (`id` text not null, `at` bigint not null, `caller_kind` text not null, `caller_id` text not null, `scope_provider_id` text null, `scope_property_id` text null, `method` text not null, `route` text not null, `path` text not null, `status` integer not null, `permission` text not null, `request_id` text not null, `ip` text not null, primary key (`id`));',
  'create index `audit_log_at_idx` on `audit_log` (`at`, `id`);',
];

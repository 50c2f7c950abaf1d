// Generated from the tenancy entities by print-schema-sql.ts (SQLite (libsql)); committed, never edited after release.
/** The SQLite (libsql) statements of platform migration P0001 (tenants, datasources, device registry). */
export const TENANCY_SQLITE: readonly string[] = [
  "create table `tenant` (`id` text not null, `name` text not null, `state` text check (`state` in ('OPEN', 'CLOSED')) not null, `created_at` bigint not null, primary key (`id`));",
  "create table `tenant_datasource` (`tenant_id` text not null, `kind` text check (`kind` in ('MYSQL', 'SQLITE')) not null, `host` text not null, `port` integer not null, `datasource_name` text not null, `database_name` text not null, `account` text not null, `password_enc` text not null, `max_connections` integer not null, `min_connections` integer not null, `remarks` text null, `implementation_state` text check (`implementation_state` in ('NOT_IMPLEMENTED', 'IMPLEMENTING', 'ONLINE')) not null, `provisioning_state` text check (`provisioning_state` in ('PROVISIONING', 'READY', 'FAILED')) not null, `provisioning_id` text not null, `lease_owner` text null, `lease_until` bigint not null default 0, `last_error` text null, `created_at` bigint not null, `updated_at` bigint not null, primary key (`tenant_id`));",
  'create unique index `tenant_datasource_account_unique` on `tenant_datasource` (`host`, `port`, `account`);',
  'create table `device_registry` (`serial_no` text not null, `tenant_id` text not null, `registered_at` bigint not null, primary key (`serial_no`));',
  'create index `device_registry_tenant_idx` on `device_registry` (`tenant_id`);',
];

// Generated from the auth entities by persistence/migrations/print-schema-sql.ts platform (SQLite (libsql)); committed, never edited after release.
/** The SQLite (libsql) statements of platform migration P0002 (auth tables). */
export const AUTH_P0002_SQLITE: readonly string[] = [
  "create table `api_key` (`id` text not null, `tenant_id` text not null, `name` text not null, `secret_hash` text not null, `permissions` json not null, `place_level` text check (`place_level` in ('PLATFORM', 'PROVIDER', 'PROPERTY', 'COLLECTIVE')) not null, `provider_id` text null, `property_id` text null, `collective_account_id` text null, `station_ids` json not null, `created_by` text not null, `created_at` bigint not null, `revoked_at` bigint null, `last_used_at` bigint null, primary key (`id`));",
  'create index `api_key_tenant_idx` on `api_key` (`tenant_id`);',
  'create table `platform_user` (`id` text not null, `phone` text not null, `name` text not null, `password_hash` text not null, `roles` json not null, `enabled` integer not null default true, `failed_logins` integer not null default 0, `locked_until` bigint null, `created_at` bigint not null, primary key (`id`));',
  'create unique index `platform_user_phone_unique` on `platform_user` (`phone`);',
  "create table `refresh_token` (`id` text not null, `session_id` text not null, `subject_kind` text check (`subject_kind` in ('PLATFORM', 'STAFF', 'APP')) not null, `subject_tenant` text not null, `subject_user` text not null, `token_hash` text not null, `expires_at` bigint not null, `revoked_at` bigint null, `replaced_by` text null, `created_at` bigint not null, primary key (`id`));",
  'create index `refresh_token_session_idx` on `refresh_token` (`session_id`);',
  'create unique index `refresh_token_hash_unique` on `refresh_token` (`token_hash`);',
  'create index `refresh_token_subject_idx` on `refresh_token` (`subject_tenant`, `subject_user`, `subject_kind`);',
  'create table `sms_code` (`key` text not null, `state` json not null, `version` integer not null, `updated_at` bigint not null, primary key (`key`));',
  'create table `sms_message` (`id` integer not null primary key autoincrement, `phone` text not null, `text` text not null, `created_at` bigint not null);',
  'create index `sms_message_phone_idx` on `sms_message` (`phone`);',
];

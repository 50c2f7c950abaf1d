// Generated from the auth entities by persistence/migrations/print-schema-sql.ts platform (MariaDB/MySQL); committed, never edited after release.
/** The MariaDB/MySQL statements of platform migration P0002 (auth tables). */
export const AUTH_P0002_MARIADB: readonly string[] = [
  "create table `api_key` (`id` varchar(32) not null, `tenant_id` varchar(64) not null, `name` varchar(128) not null, `secret_hash` varchar(64) not null, `permissions` json not null, `place_level` enum('PLATFORM', 'PROVIDER', 'PROPERTY', 'COLLECTIVE') not null, `provider_id` varchar(36) null, `property_id` varchar(36) null, `collective_account_id` varchar(36) null, `station_ids` json not null, `created_by` varchar(64) not null, `created_at` bigint not null, `revoked_at` bigint null, `last_used_at` bigint null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;",
  'alter table `api_key` add index `api_key_tenant_idx`(`tenant_id`);',
  'create table `platform_user` (`id` varchar(36) not null, `phone` varchar(32) not null, `name` varchar(128) not null, `password_hash` varchar(255) not null, `roles` json not null, `enabled` tinyint(1) not null default true, `failed_logins` int not null default 0, `locked_until` bigint null, `created_at` bigint not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;',
  'alter table `platform_user` add unique `platform_user_phone_unique`(`phone`);',
  "create table `refresh_token` (`id` varchar(32) not null, `session_id` varchar(32) not null, `subject_kind` enum('PLATFORM', 'STAFF', 'APP') not null, `subject_tenant` varchar(64) not null, `subject_user` varchar(64) not null, `token_hash` varchar(64) not null, `expires_at` bigint not null, `revoked_at` bigint null, `replaced_by` varchar(32) null, `created_at` bigint not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;",
  'alter table `refresh_token` add index `refresh_token_session_idx`(`session_id`);',
  'alter table `refresh_token` add unique `refresh_token_hash_unique`(`token_hash`);',
  'alter table `refresh_token` add index `refresh_token_subject_idx`(`subject_tenant`, `subject_user`, `subject_kind`);',
  'create table `sms_code` (`key` varchar(128) not null, `state` json not null, `version` int not null, `updated_at` bigint not null, primary key (`key`)) default character set utf8mb4 engine = InnoDB;',
  'create table `sms_message` (`id` int unsigned not null auto_increment primary key, `phone` varchar(32) not null, `text` varchar(255) not null, `created_at` bigint not null) default character set utf8mb4 engine = InnoDB;',
  'alter table `sms_message` add index `sms_message_phone_idx`(`phone`);',
];

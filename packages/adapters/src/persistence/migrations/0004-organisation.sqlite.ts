// Tables generated from the entities by print-schema-sql.ts (SQLite (libsql)); CHECKs, the trigger
// and the backfill added by hand. Committed, never edited after release.
/** The SQLite (libsql) statements of migration 0004: ORG-2…7 provider/property profiles, departments, posts. */
export const ORGANISATION_SQLITE: readonly string[] = [
  // ORG-2: profile and audit of providers. SQLite cannot change a column default, so the column's
  // default is APPROVED (for the providers made before 0004); new providers always set it (PENDING).
  'alter table `provider` add column `contact_name` text null;',
  'alter table `provider` add column `phone` text null;',
  'alter table `provider` add column `email` text null;',
  'alter table `provider` add column `merchant_type` text null;',
  "alter table `provider` add column `audit_status` text check (`audit_status` in ('PENDING', 'APPROVED', 'REJECTED')) not null default 'APPROVED';",
  'create unique index `provider_phone_unique` on `provider` (`phone`);',
  // ORG-3: profile of properties.
  'alter table `property` add column `contact_name` text null;',
  'alter table `property` add column `phone` text null;',
  'alter table `property` add column `email` text null;',
  'alter table `property` add column `province` text null;',
  'alter table `property` add column `city` text null;',
  'alter table `property` add column `address` text null;',
  'create unique index `property_phone_unique` on `property` (`phone`);',
  // ORG-4, ORG-6, ORG-7, ORG-2/3.
  'alter table `staff_user` add column `department_id` text null;',
  'alter table `staff_user` add column `post_id` text null;',
  'alter table `staff_user` add column `login_of` text null;',
  'create unique index `staff_user_login_of_unique` on `staff_user` (`login_of`);',
  // ORG-6.
  "create table `department` (`id` text not null, `owner_level` text check (`owner_level` in ('PROVIDER', 'PROPERTY')) not null, `owner_provider_id` text not null, `owner_property_id` text null, `parent_id` text null, `root_of` text null, `name` text not null, `sort_order` integer not null default 0, `leader` text null, `phone` text null, `email` text null, `enabled` integer not null default true, `deleted` integer not null default false, `created_at` bigint not null, primary key (`id`), constraint `department_root_check` check ((`parent_id` is null) = (`root_of` is not null)), constraint `department_owner_check` check ((`owner_level` = 'PROPERTY') = (`owner_property_id` is not null)), constraint `department_sort_check` check (`sort_order` between 0 and 1000000));",
  'create unique index `department_root_of_unique` on `department` (`root_of`);',
  'create index `department_owner_idx` on `department` (`owner_provider_id`, `owner_property_id`);',
  // ORG-7.
  'create table `post` (`id` text not null, `department_id` text not null, `owner_provider_id` text not null, `owner_property_id` text null, `name` text not null, `sort_order` integer not null default 0, `enabled` integer not null default true, `deleted` integer not null default false, `created_at` bigint not null, primary key (`id`), constraint `post_sort_check` check (`sort_order` between 0 and 1000000), constraint `post_department_fk` foreign key (`department_id`) references `department` (`id`));',
  'create index `post_department_idx` on `post` (`department_id`);',
  'create index `post_owner_idx` on `post` (`owner_provider_id`, `owner_property_id`);',
  // ORG-5: SQLite cannot add a foreign key to an existing table; a trigger refuses the delete instead.
  "create trigger `role_in_use_guard` before delete on `role` when exists (select 1 from `user_role` where `role_id` = old.`id`) begin select raise(abort, 'ROLE_IN_USE'); end;",
];

// Tables generated from the entities by print-schema-sql.ts (MariaDB/MySQL); CHECKs, the foreign key
// and the backfill added by hand. Committed, never edited after release.
/** The MariaDB/MySQL statements of migration 0004: ORG-2…7 provider/property profiles, departments, posts. */
export const ORGANISATION_MARIADB: readonly string[] = [
  // ORG-2: profile and audit of providers; those made before 0004 were in use, so they count as approved.
  "alter table `provider` add `contact_name` varchar(64) null, add `phone` varchar(32) null, add `email` varchar(255) null, add `merchant_type` varchar(32) null, add `audit_status` enum('PENDING', 'APPROVED', 'REJECTED') not null default 'APPROVED';",
  "alter table `provider` alter `audit_status` set default 'PENDING';",
  'alter table `provider` add unique `provider_phone_unique`(`phone`);',
  // ORG-3: profile of properties.
  'alter table `property` add `contact_name` varchar(64) null, add `phone` varchar(32) null, add `email` varchar(255) null, add `province` varchar(64) null, add `city` varchar(64) null, add `address` varchar(255) null;',
  'alter table `property` add unique `property_phone_unique`(`phone`);',
  // ORG-4, ORG-6, ORG-7: a user's department and post; ORG-2/3: the login account of a provider / property.
  'alter table `staff_user` add `department_id` varchar(36) null, add `post_id` varchar(36) null, add `login_of` varchar(48) null;',
  'alter table `staff_user` add unique `staff_user_login_of_unique`(`login_of`);',
  // ORG-6: the first-level department (no parent) is the only one with rootOf, one per owner.
  "create table `department` (`id` varchar(36) not null, `owner_level` enum('PROVIDER', 'PROPERTY') not null, `owner_provider_id` varchar(36) not null, `owner_property_id` varchar(36) null, `parent_id` varchar(36) null, `root_of` varchar(48) null, `name` varchar(128) not null, `sort_order` int not null default 0, `leader` varchar(64) null, `phone` varchar(32) null, `email` varchar(255) null, `enabled` tinyint(1) not null default true, `deleted` tinyint(1) not null default false, `created_at` bigint not null, primary key (`id`), constraint `department_root_check` check ((`parent_id` is null) = (`root_of` is not null)), constraint `department_owner_check` check ((`owner_level` = 'PROPERTY') = (`owner_property_id` is not null)), constraint `department_sort_check` check (`sort_order` between 0 and 1000000)) default character set utf8mb4 engine = InnoDB;",
  'alter table `department` add unique `department_root_of_unique`(`root_of`);',
  'alter table `department` add index `department_owner_idx`(`owner_provider_id`, `owner_property_id`);',
  // ORG-7: a post belongs to an existing department.
  'create table `post` (`id` varchar(36) not null, `department_id` varchar(36) not null, `owner_provider_id` varchar(36) not null, `owner_property_id` varchar(36) null, `name` varchar(128) not null, `sort_order` int not null default 0, `enabled` tinyint(1) not null default true, `deleted` tinyint(1) not null default false, `created_at` bigint not null, primary key (`id`), constraint `post_sort_check` check (`sort_order` between 0 and 1000000), constraint `post_department_fk` foreign key (`department_id`) references `department` (`id`)) default character set utf8mb4 engine = InnoDB;',
  'alter table `post` add index `post_owner_idx`(`owner_provider_id`, `owner_property_id`);',
  // ORG-5: a role still assigned to a user cannot be deleted (the database refuses it too).
  'alter table `user_role` add constraint `user_role_role_fk` foreign key (`role_id`) references `role` (`id`);',
];

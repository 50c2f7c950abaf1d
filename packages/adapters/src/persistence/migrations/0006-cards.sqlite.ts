// Tables generated from the entities by print-schema-sql.ts (SQLite (libsql)); the CHECKs and
// foreign keys added by hand, as in 0006-cards.mariadb.ts. Committed, never edited after release.
import { ACTIVE_STATES } from './0002-hardening.ranges.js';

const MAX = '1000000000000000'; // MONEY_MAX_FEN

/** The SQLite (libsql) statements of migration 0006: card products, collective accounts, cards, both ledgers. */
export const CARDS_SQLITE: readonly string[] = [
  `create table \`card_product\` (\`id\` text not null, \`provider_id\` text not null, \`property_id\` text not null, \`name\` text not null, \`kind\` text check (\`kind\` in ('CAR', 'EBIKE', 'UNIVERSAL')) not null, \`issue_type\` text check (\`issue_type\` in ('COLLECTIVE_ACCOUNT', 'DIRECT')) not null, \`price_fen\` bigint not null, \`face_value_fen\` bigint not null, \`car_station_ids\` json not null, \`ebike_station_ids\` json not null, \`recharge_rules\` json not null, \`enabled\` integer not null default true, \`created_at\` bigint not null, primary key (\`id\`), constraint \`card_product_money_range\` check (\`price_fen\` between 0 and ${MAX} and \`face_value_fen\` between 0 and ${MAX}));`,
  'create index `card_product_scope_idx` on `card_product` (`provider_id`, `property_id`);',
  `create table \`collective_account\` (\`id\` text not null, \`provider_id\` text not null, \`property_id\` text not null, \`name\` text not null, \`contact_phone\` text null, \`balance_fen\` bigint not null default 0, \`ledger_seq\` integer not null default 0, \`enabled\` integer not null default true, \`locked\` integer not null default false, \`created_at\` bigint not null, primary key (\`id\`), constraint \`collective_account_balance_range\` check (\`balance_fen\` between 0 and ${MAX} and \`ledger_seq\` >= 0));`,
  'create index `collective_account_scope_idx` on `collective_account` (`provider_id`, `property_id`);',
  `create table \`collective_account_ledger\` (\`account_id\` text not null, \`seq\` integer not null, \`kind\` text check (\`kind\` in ('RECHARGE', 'CARD_ISSUE')) not null, \`amount_fen\` bigint not null, \`balance_after_fen\` bigint not null, \`card_id\` text null, \`reference\` text null, \`at\` bigint not null, primary key (\`account_id\`, \`seq\`), constraint \`collective_ledger_account_fk\` foreign key (\`account_id\`) references \`collective_account\` (\`id\`), constraint \`collective_ledger_line_valid\` check (\`amount_fen\` <> 0 and \`amount_fen\` between -${MAX} and ${MAX} and \`balance_after_fen\` between 0 and ${MAX} and \`seq\` >= 1));`,
  `create table \`card\` (\`id\` text not null, \`provider_id\` text not null, \`property_id\` text not null, \`product_id\` text not null, \`collective_account_id\` text null, \`printed_no\` text not null, \`chip_no\` text not null, \`holder_phone\` text not null, \`holder_name\` text not null, \`issue_type\` text check (\`issue_type\` in ('COLLECTIVE_ACCOUNT', 'DIRECT')) not null, \`valid_from\` bigint not null, \`valid_to\` bigint not null, \`enabled\` integer not null default true, \`lost\` integer not null default false, \`station_ids\` json not null, \`recharge_rules\` json not null, \`balance_fen\` bigint not null default 0, \`ledger_seq\` integer not null default 0, \`created_at\` bigint not null, primary key (\`id\`), constraint \`card_product_fk\` foreign key (\`product_id\`) references \`card_product\` (\`id\`), constraint \`card_balance_range\` check (\`balance_fen\` between 0 and ${MAX} and \`ledger_seq\` >= 0), constraint \`card_validity\` check (\`valid_to\` > \`valid_from\`), constraint \`card_lost_disabled\` check (\`lost\` = 0 or \`enabled\` = 0));`,
  'create unique index `card_printed_no_unique` on `card` (`printed_no`);',
  'create unique index `card_chip_no_unique` on `card` (`chip_no`);',
  'create index `card_scope_idx` on `card` (`provider_id`, `property_id`);',
  'create index `card_holder_phone_idx` on `card` (`holder_phone`);',
  `create table \`card_ledger\` (\`card_id\` text not null, \`seq\` integer not null, \`kind\` text check (\`kind\` in ('ISSUE', 'RECHARGE', 'RECHARGE_BONUS', 'CONSUME', 'REFUND')) not null, \`amount_fen\` bigint not null, \`balance_after_fen\` bigint not null, \`order_no\` text null, \`entry_no\` text null, \`reference\` text null, \`at\` bigint not null, primary key (\`card_id\`, \`seq\`), constraint \`card_ledger_card_fk\` foreign key (\`card_id\`) references \`card\` (\`id\`), constraint \`card_ledger_line_valid\` check (\`amount_fen\` <> 0 and \`amount_fen\` between -${MAX} and ${MAX} and \`balance_after_fen\` between 0 and ${MAX} and \`seq\` >= 1), constraint \`card_ledger_consume_names_order\` check (\`kind\` <> 'CONSUME' or \`order_no\` is not null));`,
  'create unique index `card_ledger_entry_no_unique` on `card_ledger` (`entry_no`);',
  'create index `card_ledger_order_idx` on `card_ledger` (`order_no`);',
  // A card funds one session at a time: its balance at the swipe caps that session alone (ORD-6).
  `create unique index \`charging_order_active_card_unique\` on \`charging_order\` (\`card_id\`) where \`status\` in ${ACTIVE_STATES};`,
  // CARD-4: card holders (members) by phone; vehicle owners' name and plate.
  'create table `member` (`id` text not null, `phone` text not null, `nickname` text null, `name` text null, `plate` text null, `created_at` bigint not null, `updated_at` bigint not null, primary key (`id`));',
  'create unique index `member_phone_unique` on `member` (`phone`);',
  'alter table `vehicle_owner` add column `name` text null;',
  'alter table `vehicle_owner` add column `plate` text null;',
];

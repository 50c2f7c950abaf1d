// Tables generated from the entities by print-schema-sql.ts (SQLite (libsql)); checks added by hand.
// Committed, never edited after release.
/** The SQLite (libsql) statements of migration 0005: station payment and invoice configuration (ASSET-2, ASSET-3), payment stations and expiry, raw channel callbacks (PAY-1). */
export const MONEY_SQLITE: readonly string[] = [
  "create table `station_payment_config` (`station_id` text not null, `provider_id` text not null, `property_id` text not null, `channel` text check (`channel` in ('SANDBOX', 'WECHAT_PAY')) not null, `merchant_no` text not null, `suixingfu_merchant_no` text null, `wechat_app_id` text null, `wechat_mch_id` text null, `wechat_cert_serial` text null, `wechat_platform_cert_pem` text null, `sealed_secrets` text not null, `secret_names` json not null, `split_enabled` integer not null default false, `split_lead_merchant_id` text null, `split_shares` json not null, `updated_at` bigint not null, primary key (`station_id`), constraint `station_payment_config_split_lead` check (`split_enabled` = 0 or `split_lead_merchant_id` is not null));",
  'create table `station_invoice_config` (`station_id` text not null, `provider_id` text not null, `property_id` text not null, `merchant_no` text not null, `company` text not null, `taxpayer_id` text not null, `seller_address` text not null, `phone` text not null, `bank_name` text not null, `bank_account` text not null, `drawer` text not null, `payee` text not null, `reviewer` text not null, `energy_tax_rate` text not null, `energy_tax_code` text not null, `service_tax_rate` text not null, `service_tax_code` text not null, `updated_at` bigint not null, primary key (`station_id`), constraint `station_invoice_config_taxpayer_id` check (length(`taxpayer_id`) = 18));',

  'alter table `payment` add column `station_id` text null;',
  'alter table `payment` add column `expires_at` bigint null;',
  'alter table `payment` add column `failure_reason` text null;',
  'create index `payment_expiry_idx` on `payment` (`status`, `expires_at`);',
  "create table `payment_callback` (`id` text not null, `channel` text not null, `station_id` text not null, `received_at` bigint not null, `headers` text not null, `body` text not null, `verified` integer not null, `outcome` text check (`outcome` in ('APPLIED', 'DUPLICATE', 'SIGNATURE_INVALID', 'MALFORMED', 'UNKNOWN_PAYMENT', 'REFUSED')) not null, `error_code` text null, `payment_no` text null, `refund_no` text null, primary key (`id`), constraint `payment_callback_verified_applied` check (`verified` = 1 or `outcome` not in ('APPLIED', 'DUPLICATE')));",
  'create index `payment_callback_payment_idx` on `payment_callback` (`payment_no`, `received_at`);',
  'create index `payment_callback_refund_idx` on `payment_callback` (`refund_no`, `received_at`);',

  'alter table `payment` add column `provider_id` text null;',
  'alter table `payment` add column `property_id` text null;',
  'update `payment` set `station_id` = (select `station_id` from `charging_order` where `charging_order`.`order_no` = `payment`.`order_no`), `provider_id` = (select `provider_id` from `charging_order` where `charging_order`.`order_no` = `payment`.`order_no`), `property_id` = (select `property_id` from `charging_order` where `charging_order`.`order_no` = `payment`.`order_no`);',
  'alter table `refund` add column `station_id` text null;',
  'alter table `refund` add column `provider_id` text null;',
  'alter table `refund` add column `property_id` text null;',
  'update `refund` set `station_id` = (select `station_id` from `charging_order` where `charging_order`.`order_no` = `refund`.`order_no`), `provider_id` = (select `provider_id` from `charging_order` where `charging_order`.`order_no` = `refund`.`order_no`), `property_id` = (select `property_id` from `charging_order` where `charging_order`.`order_no` = `refund`.`order_no`);',
  'create index `refund_scope_idx` on `refund` (`provider_id`, `property_id`, `requested_at`);',
  'create index `payment_scope_idx` on `payment` (`provider_id`, `property_id`, `created_at`);',
];

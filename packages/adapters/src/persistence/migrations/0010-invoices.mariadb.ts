// Tables generated from the entities by print-schema-sql.ts (MariaDB/MySQL); the amount CHECK, the
// MEDIUMBLOB and the generated "valid slot" column with its unique key added by hand
// (docs/invoices.md). Committed, never edited after release.

const MAX = '1000000000000000'; // MONEY_MAX_FEN

/** The MariaDB/MySQL statements of migration 0010: invoices (INV-1..INV-3) and their PDFs. */
export const INVOICES_MARIADB: readonly string[] = [
  `create table \`invoice\` (\`invoice_no\` varchar(40) not null, \`order_no\` varchar(32) not null, \`station_id\` varchar(36) not null, \`provider_id\` varchar(36) not null, \`property_id\` varchar(36) not null, \`status\` enum('ISSUING', 'ISSUED', 'FAILED', 'VOIDED') not null, \`buyer_title\` varchar(128) not null, \`buyer_taxpayer_id\` varchar(18) not null, \`buyer_email\` varchar(128) not null, \`seller_name\` varchar(128) not null, \`seller_taxpayer_id\` varchar(18) not null, \`amount_fen\` bigint not null, \`lines\` text not null, \`attempts\` int not null default 1, \`provider_ticket\` varchar(512) null, \`void_ticket\` varchar(512) null, \`invoice_number\` varchar(32) null, \`invoice_code\` varchar(32) null, \`serial_no\` varchar(64) null, \`issued_at\` bigint null, \`void_requested_at\` bigint null, \`voided_at\` bigint null, \`failure_reason\` varchar(255) null, \`requested_by\` varchar(64) not null, \`requested_at\` bigint not null, \`updated_at\` bigint not null, primary key (\`invoice_no\`), constraint \`invoice_amount_range\` check (\`amount_fen\` between 1 and ${MAX} and \`attempts\` >= 1)) default character set utf8mb4 engine = InnoDB;`,
  'alter table `invoice` add index `invoice_order_no_idx`(`order_no`);',
  'alter table `invoice` add unique `invoice_number_unique`(`invoice_number`);',
  'alter table `invoice` add index `invoice_scope_idx`(`provider_id`, `property_id`, `station_id`);',
  // INV-2: at most one valid (ISSUING or ISSUED) invoice per order, also under concurrent requests.
  "alter table `invoice` add `valid_order_no` varchar(32) as (case when `status` in ('ISSUING', 'ISSUED') then `order_no` else null end) stored;",
  'alter table `invoice` add unique `invoice_valid_order_unique`(`valid_order_no`);',
  'create table `invoice_pdf` (`invoice_no` varchar(40) not null, `content` mediumblob not null, `size_bytes` int not null, `created_at` bigint not null, primary key (`invoice_no`), constraint `invoice_pdf_invoice_fk` foreign key (`invoice_no`) references `invoice` (`invoice_no`)) default character set utf8mb4 engine = InnoDB;',
];

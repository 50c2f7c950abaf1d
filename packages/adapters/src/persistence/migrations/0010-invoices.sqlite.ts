// Tables generated from the entities by print-schema-sql.ts (SQLite (libsql)); the amount CHECK and
// the partial unique index (one valid invoice per order) added by hand, as in
// 0010-invoices.mariadb.ts. Committed, never edited after release.

const MAX = '1000000000000000'; // MONEY_MAX_FEN

/** The SQLite (libsql) statements of migration 0010: invoices (INV-1..INV-3) and their PDFs. */
export const INVOICES_SQLITE: readonly string[] = [
  `create table \`invoice\` (\`invoice_no\` text not null, \`order_no\` text not null, \`station_id\` text not null, \`provider_id\` text not null, \`property_id\` text not null, \`status\` text check (\`status\` in ('ISSUING', 'ISSUED', 'FAILED', 'VOIDED')) not null, \`buyer_title\` text not null, \`buyer_taxpayer_id\` text not null, \`buyer_email\` text not null, \`seller_name\` text not null, \`seller_taxpayer_id\` text not null, \`amount_fen\` bigint not null, \`lines\` text not null, \`attempts\` integer not null default 1, \`provider_ticket\` text null, \`void_ticket\` text null, \`invoice_number\` text null, \`invoice_code\` text null, \`serial_no\` text null, \`issued_at\` bigint null, \`void_requested_at\` bigint null, \`voided_at\` bigint null, \`failure_reason\` text null, \`requested_by\` text not null, \`requested_at\` bigint not null, \`updated_at\` bigint not null, primary key (\`invoice_no\`), constraint \`invoice_amount_range\` check (\`amount_fen\` between 1 and ${MAX} and \`attempts\` >= 1));`,
  'create index `invoice_order_no_idx` on `invoice` (`order_no`);',
  'create unique index `invoice_number_unique` on `invoice` (`invoice_number`);',
  'create index `invoice_scope_idx` on `invoice` (`provider_id`, `property_id`, `station_id`);',
  // INV-2: at most one valid (ISSUING or ISSUED) invoice per order, also under concurrent requests.
  "create unique index `invoice_valid_order_unique` on `invoice` (`order_no`) where `status` in ('ISSUING', 'ISSUED');",
  'create table `invoice_pdf` (`invoice_no` text not null, `content` blob not null, `size_bytes` integer not null, `created_at` bigint not null, primary key (`invoice_no`), constraint `invoice_pdf_invoice_fk` foreign key (`invoice_no`) references `invoice` (`invoice_no`));',
];

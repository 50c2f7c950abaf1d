// Tables generated from the entities by print-schema-sql.ts (SQLite (libsql)); the CHECKs and the foreign
// key of a part to its record added by hand (docs/payments.md#split-settlement). Committed, never
// edited after release.

const MAX = '1000000000000000'; // MONEY_MAX_FEN

/** The SQLite (libsql) statements of migration 0009: split records and their parts (SPL-1). */
export const SPLITS_SQLITE: readonly string[] = [
  `create table \`split_record\` (\`split_no\` text not null, \`order_no\` text not null, \`payment_no\` text not null, \`provider_id\` text not null, \`property_id\` text not null, \`station_id\` text not null, \`lead_merchant_id\` text not null, \`amount_fen\` bigint not null, \`lead_amount_fen\` bigint not null, \`status\` text check (\`status\` in ('PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'REVERSING', 'REVERSED')) not null, \`round\` integer not null default 0, \`operator_id\` text null, \`created_at\` bigint not null, \`updated_at\` bigint not null, primary key (\`split_no\`), constraint \`split_record_money_valid\` check (\`amount_fen\` between 1 and ${MAX} and \`lead_amount_fen\` between 0 and \`amount_fen\` and \`round\` >= 0));`,
  `create unique index \`split_record_order_unique\` on \`split_record\` (\`order_no\`);`,
  `create index \`split_record_station_created_idx\` on \`split_record\` (\`station_id\`, \`created_at\`);`,
  `create index \`split_record_lead_created_idx\` on \`split_record\` (\`lead_merchant_id\`, \`created_at\`);`,
  `create index \`split_record_status_created_idx\` on \`split_record\` (\`status\`, \`created_at\`);`,
  `create table \`split_part\` (\`part_no\` text not null, \`split_no\` text not null, \`order_no\` text not null, \`merchant_id\` text not null, \`amount_fen\` bigint not null, \`status\` text check (\`status\` in ('PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'REVERSING', 'REVERSED')) not null, \`attempts\` integer not null default 0, \`reverse_attempts\` integer not null default 0, \`channel_split_no\` text null, \`channel_reversal_no\` text null, \`failure_reason\` text null, \`succeeded_at\` bigint null, \`reversed_at\` bigint null, \`updated_at\` bigint not null, primary key (\`part_no\`), constraint \`split_part_record_fk\` foreign key (\`split_no\`) references \`split_record\` (\`split_no\`), constraint \`split_part_money_valid\` check (\`amount_fen\` between 1 and ${MAX} and \`attempts\` >= 0 and \`reverse_attempts\` >= 0));`,
  `create index \`split_part_split_idx\` on \`split_part\` (\`split_no\`);`,
  `create index \`split_part_merchant_idx\` on \`split_part\` (\`merchant_id\`, \`split_no\`);`,
  `create unique index \`split_part_order_merchant_unique\` on \`split_part\` (\`order_no\`, \`merchant_id\`);`,
];

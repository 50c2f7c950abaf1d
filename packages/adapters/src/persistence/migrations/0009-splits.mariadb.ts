// Tables generated from the entities by print-schema-sql.ts (MariaDB/MySQL); the CHECKs and the foreign
// key of a part to its record added by hand (docs/payments.md#split-settlement). Committed, never
// edited after release.

const MAX = '1000000000000000'; // MONEY_MAX_FEN

/** The MariaDB/MySQL statements of migration 0009: split records and their parts (SPL-1). */
export const SPLITS_MARIADB: readonly string[] = [
  `create table \`split_record\` (\`split_no\` varchar(40) not null, \`order_no\` varchar(32) not null, \`payment_no\` varchar(32) not null, \`provider_id\` varchar(36) not null, \`property_id\` varchar(36) not null, \`station_id\` varchar(36) not null, \`lead_merchant_id\` varchar(32) not null, \`amount_fen\` bigint not null, \`lead_amount_fen\` bigint not null, \`status\` enum('PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'REVERSING', 'REVERSED') not null, \`round\` int not null default 0, \`operator_id\` varchar(64) null, \`created_at\` bigint not null, \`updated_at\` bigint not null, primary key (\`split_no\`), constraint \`split_record_money_valid\` check (\`amount_fen\` between 1 and ${MAX} and \`lead_amount_fen\` between 0 and \`amount_fen\` and \`round\` >= 0)) default character set utf8mb4 engine = InnoDB;`,
  `alter table \`split_record\` add unique \`split_record_order_unique\`(\`order_no\`);`,
  `alter table \`split_record\` add index \`split_record_station_created_idx\`(\`station_id\`, \`created_at\`);`,
  `alter table \`split_record\` add index \`split_record_lead_created_idx\`(\`lead_merchant_id\`, \`created_at\`);`,
  `alter table \`split_record\` add index \`split_record_status_created_idx\`(\`status\`, \`created_at\`);`,
  `create table \`split_part\` (\`part_no\` varchar(44) not null, \`split_no\` varchar(40) not null, \`order_no\` varchar(32) not null, \`merchant_id\` varchar(32) not null, \`amount_fen\` bigint not null, \`status\` enum('PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'REVERSING', 'REVERSED') not null, \`attempts\` int not null default 0, \`reverse_attempts\` int not null default 0, \`channel_split_no\` varchar(64) null, \`channel_reversal_no\` varchar(64) null, \`failure_reason\` varchar(255) null, \`succeeded_at\` bigint null, \`reversed_at\` bigint null, \`updated_at\` bigint not null, primary key (\`part_no\`), constraint \`split_part_record_fk\` foreign key (\`split_no\`) references \`split_record\` (\`split_no\`), constraint \`split_part_money_valid\` check (\`amount_fen\` between 1 and ${MAX} and \`attempts\` >= 0 and \`reverse_attempts\` >= 0)) default character set utf8mb4 engine = InnoDB;`,
  `alter table \`split_part\` add index \`split_part_split_idx\`(\`split_no\`);`,
  `alter table \`split_part\` add index \`split_part_merchant_idx\`(\`merchant_id\`, \`split_no\`);`,
  `alter table \`split_part\` add unique \`split_part_order_merchant_unique\`(\`order_no\`, \`merchant_id\`);`,
];

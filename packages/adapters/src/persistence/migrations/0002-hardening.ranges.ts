// The money ranges of migration 0002, shared by its two dialects. Literal numbers on purpose: a
// released migration never changes, even if core's bounds do later (a new migration would).

/** 10^15 fen: core's MONEY_MAX_FEN when 0002 was written. */
const MAX = '1000000000000000';
/** 100000.00 CNY in fen: core's PREPAY_CEILING_FEN when 0002 was written. */
const PREPAY_CEILING = '10000000';

/** One named range check: the table, the constraint name and the columns with their bounds. */
export interface MoneyRange {
  readonly table: string;
  readonly name: string;
  readonly columns: readonly { readonly column: string; readonly min: string; readonly max: string }[];
}

const within = (min: string, max: string) => (column: string) => ({ column, min, max });
const fenColumn = within('0', MAX);

/** Every money column of the business schema with its range (nullable columns may be null). */
export const MONEY_RANGES: readonly MoneyRange[] = [
  {
    table: 'charging_order',
    name: 'charging_order_money_range',
    columns: [
      'prepay_fen',
      'card_balance_fen',
      'fee_fen',
      'uncapped_fee_fen',
      'prepay_returned_fen',
      'card_debited_fen',
      'bill_total_fen',
      'bill_cap_fen',
    ].map(fenColumn),
  },
  { table: 'bill_line', name: 'bill_line_money_range', columns: [fenColumn('amount_fen')] },
  { table: 'payment', name: 'payment_money_range', columns: [within('1', MAX)('amount_fen')] },
  { table: 'refund', name: 'refund_money_range', columns: [within('1', MAX)('amount_fen')] },
  {
    table: 'station',
    name: 'station_money_range',
    columns: [within('1', PREPAY_CEILING)('max_prepay_fen')],
  },
];

/** The states in which an order holds its connector (one such order per connector, ORD-1). */
export const ACTIVE_STATES = "('STARTING', 'CHARGING', 'STOPPING', 'SUSPENDED')";

/** The range condition over `prefix` (`NEW.` in SQLite triggers, empty in a CHECK). */
export const rangeCondition = (range: MoneyRange, prefix: string, cast: boolean): string =>
  range.columns
    .map(({ column, min, max }) => {
      const value = cast ? `cast(${prefix}\`${column}\` as integer)` : `\`${column}\``;
      return `(${prefix}\`${column}\` is null or ${value} between ${min} and ${max})`;
    })
    .join(' and ');

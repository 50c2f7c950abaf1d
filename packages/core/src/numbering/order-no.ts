import { DateTime } from 'luxon';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/**
 * NUM-4: two-letter type prefixes of order numbers. An order no. is prefix + local timestamp
 * (yyyyMMddHHmmss, 14 digits) + sequence (6 digits), e.g. CH20261123093015000001.
 */
export const ORDER_NO_PREFIXES = {
  CHARGING: 'CH',
  EBIKE_CHARGING: 'EC',
  PAYMENT: 'PY',
  REFUND: 'RF',
  INVOICE: 'IV',
  RESERVATION: 'RS',
  SPLIT: 'SP',
  SALE: 'SL',
  RENTAL: 'RT',
  FLASH_CHARGE: 'FC',
  CARD_LEDGER: 'CL',
} as const;

/** A kind of order that carries an order number. */
export type OrderNoType = keyof typeof ORDER_NO_PREFIXES;

/** Digits of the sequence part: up to 999 999 orders of one type per second. */
export const ORDER_NO_SEQUENCE_WIDTH = 6;

/** Zone of the timestamp part; a zone without daylight saving keeps numbers sortable by time. */
export const DEFAULT_ORDER_NO_ZONE = 'Asia/Shanghai';

/** Input of an order number: the clock value and the sequence are injected. */
export interface OrderNoInput {
  readonly type: OrderNoType;
  /** Instant of creation, epoch milliseconds (from the caller's clock). */
  readonly at: number;
  /** Sequence within the second for this type, 0 … 999 999 (from the caller's counter). */
  readonly sequence: number;
  /** IANA zone of the timestamp part; defaults to Asia/Shanghai. */
  readonly zone?: string;
}

/** A parsed order number. */
export interface ParsedOrderNo {
  readonly type: OrderNoType;
  /** Local timestamp as written, yyyyMMddHHmmss. */
  readonly timestamp: string;
  readonly sequence: number;
}

const ORDER_NO_PATTERN = /^([A-Z]{2})(\d{14})(\d{6})$/;

/** Formats a readable, time-sortable order number (NUM-4). */
export function formatOrderNo(
  input: OrderNoInput,
): Result<string, DomainError<'ORDER_NO_SEQUENCE_OVERFLOW' | 'ORDER_NO_CLOCK_INVALID'>> {
  const max = 10 ** ORDER_NO_SEQUENCE_WIDTH - 1;
  if (!Number.isSafeInteger(input.sequence) || input.sequence < 0 || input.sequence > max) {
    return err(
      new DomainError('ORDER_NO_SEQUENCE_OVERFLOW', `order sequence ${input.sequence} is outside 0–${max}`, {
        sequence: input.sequence,
      }),
    );
  }
  const local = DateTime.fromMillis(input.at, { zone: input.zone ?? DEFAULT_ORDER_NO_ZONE });
  if (!local.isValid || local.year < 1000 || local.year > 9999) {
    return err(
      new DomainError('ORDER_NO_CLOCK_INVALID', 'clock value or zone cannot be written as an order no.', {
        at: input.at,
        zone: input.zone ?? DEFAULT_ORDER_NO_ZONE,
      }),
    );
  }
  const sequence = String(input.sequence).padStart(ORDER_NO_SEQUENCE_WIDTH, '0');
  return ok(`${ORDER_NO_PREFIXES[input.type]}${local.toFormat('yyyyMMddHHmmss')}${sequence}`);
}

/** Parses an order number into type, local timestamp and sequence; ORDER_NO_INVALID otherwise. */
export function parseOrderNo(text: string): Result<ParsedOrderNo, DomainError<'ORDER_NO_INVALID'>> {
  const match = ORDER_NO_PATTERN.exec(text);
  const type = match
    ? (Object.keys(ORDER_NO_PREFIXES) as OrderNoType[]).find((t) => ORDER_NO_PREFIXES[t] === match[1])
    : undefined;
  const timestamp = match?.[2];
  const valid =
    timestamp !== undefined && DateTime.fromFormat(timestamp, 'yyyyMMddHHmmss', { zone: 'UTC' }).isValid;
  if (!match || type === undefined || !valid) {
    return err(new DomainError('ORDER_NO_INVALID', `"${text}" is not an order number`, { text }));
  }
  return ok({ type, timestamp, sequence: Number(match[3]) });
}

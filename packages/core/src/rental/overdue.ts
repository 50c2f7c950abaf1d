import { DateTime } from 'luxon';
import type { Fen } from '../money/fen.js';
import type { RentalSettings } from './settings.js';

/** Settings the overdue rules need. */
export type OverdueSettings = Pick<
  RentalSettings,
  'dailyOverdueFee' | 'overdueGraceDays' | 'freezeAfterDays'
>;

/** RENT-1 the overdue position of a rental at a moment. */
export interface OverdueStatus {
  /** Full days since the latest return time (0 when not yet due). */
  readonly daysOverdue: number;
  /** Days charged: full days beyond the grace period. */
  readonly chargeableDays: number;
  readonly fee: Fen;
  /** True once the rental is `freezeAfterDays` overdue and still not returned. */
  readonly freeze: boolean;
}

const fullDays = (from: number, to: number, zone: string): number =>
  to <= from
    ? 0
    : Math.floor(DateTime.fromMillis(to, { zone }).diff(DateTime.fromMillis(from, { zone }), 'days').days);

/**
 * RENT-1: fee = dailyOverdueFee × full days beyond the grace (14 days after the latest return time);
 * freeze at 30 full days if not returned. `end` is the return time, or now while still out.
 */
export function overdueStatus(
  rental: { readonly dueAt: number; readonly returnedAt?: number },
  now: number,
  settings: OverdueSettings,
  zone = 'Asia/Shanghai',
): OverdueStatus {
  const end = rental.returnedAt ?? now;
  const daysOverdue = fullDays(rental.dueAt, end, zone);
  const chargeableDays = Math.max(0, daysOverdue - settings.overdueGraceDays);
  return {
    daysOverdue,
    chargeableDays,
    fee: (BigInt(chargeableDays) * settings.dailyOverdueFee) as Fen,
    freeze: rental.returnedAt === undefined && daysOverdue >= settings.freezeAfterDays,
  };
}

/** RENT-2: the durable timers of a rental: when the daily fee starts and when the account freezes. */
export function overdueTimers(
  dueAt: number,
  settings: Pick<RentalSettings, 'overdueGraceDays' | 'freezeAfterDays'>,
  zone = 'Asia/Shanghai',
): { readonly feeStartsAt: number; readonly freezeAt: number } {
  const due = DateTime.fromMillis(dueAt, { zone });
  return {
    feeStartsAt: due.plus({ days: settings.overdueGraceDays + 1 }).toMillis(),
    freezeAt: due.plus({ days: settings.freezeAfterDays }).toMillis(),
  };
}

import { z } from 'zod';
import { parseCny, type Fen } from '../money/fen.js';
import { DomainError, isDomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** RENT-1 per-site settings of e-bike sale, rental and flash-charge (amounts in exact fen). */
export interface RentalSettings {
  readonly salePrice: Fen;
  readonly rentalPrice: Fen;
  readonly flashChargePrice: Fen;
  readonly rentalDeposit: Fen;
  readonly flashChargeDeposit: Fen;
  /** Charged per full day overdue once the grace period has passed. */
  readonly dailyOverdueFee: Fen;
  /** Days after the latest return time before the daily fee starts (two weeks). */
  readonly overdueGraceDays: number;
  /** Days after the latest return time at which the account is frozen (one month). */
  readonly freezeAfterDays: number;
  /** Minutes an unpaid order stays valid before it expires and releases its number. */
  readonly orderValidityMinutes: number;
}

const amount = z.string().regex(/^\d+(\.\d{1,2})?$/, 'a non-negative CNY amount with at most 2 decimals');

/** Zod schema of settings input: amounts are decimal CNY strings; day counts default to 14 and 30. */
export const rentalSettingsInputSchema = z
  .object({
    salePrice: amount,
    rentalPrice: amount,
    flashChargePrice: amount,
    rentalDeposit: amount,
    flashChargeDeposit: amount,
    dailyOverdueFee: amount,
    overdueGraceDays: z.number().int().min(0).default(14),
    freezeAfterDays: z.number().int().min(1).default(30),
    orderValidityMinutes: z.number().int().min(1).default(30),
  })
  .refine((s) => s.freezeAfterDays > s.overdueGraceDays, {
    message: 'freeze must come after the grace period',
    path: ['freezeAfterDays'],
  });

/** RENT-1: validates settings input; RENTAL_SETTINGS_INVALID lists the issues. */
export function parseRentalSettings(
  input: unknown,
): Result<RentalSettings, DomainError<'RENTAL_SETTINGS_INVALID'>> {
  const parsed = rentalSettingsInputSchema.safeParse(input);
  if (!parsed.success) {
    return err(
      new DomainError('RENTAL_SETTINGS_INVALID', 'rental settings are invalid', {
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      }),
    );
  }
  try {
    const s = parsed.data;
    return ok({
      ...s,
      salePrice: parseCny(s.salePrice),
      rentalPrice: parseCny(s.rentalPrice),
      flashChargePrice: parseCny(s.flashChargePrice),
      rentalDeposit: parseCny(s.rentalDeposit),
      flashChargeDeposit: parseCny(s.flashChargeDeposit),
      dailyOverdueFee: parseCny(s.dailyOverdueFee),
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return err(new DomainError('RENTAL_SETTINGS_INVALID', error.message, { issues: [error.message] }));
  }
}

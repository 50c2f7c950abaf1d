import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Fen } from '../money/fen.js';
import type { RentalSettings } from './settings.js';
import { isActiveRental, type RetailOrderStatus } from './retail-order.js';

/** A user as far as renting and buying need it. */
export interface Renter {
  readonly userId: string;
  /** Real-name registration (实名注册) done. */
  readonly realNameVerified: boolean;
  /** Student id photo verified (RENT-2; also needed for flash-charge). */
  readonly studentIdVerified: boolean;
  /** Frozen for a rental not returned a month after its latest return time (RENT-1). */
  readonly frozen: boolean;
}

/** Error codes of rental eligibility. */
export type RentalEligibilityErrorCode = 'RENTER_NOT_VERIFIED' | 'RENTAL_ALREADY_ACTIVE' | 'ACCOUNT_FROZEN';

function verification(
  renter: Renter,
  needsStudentId: boolean,
): Result<void, DomainError<RentalEligibilityErrorCode>> {
  const missing = [
    ...(renter.realNameVerified ? [] : ['REAL_NAME']),
    ...(needsStudentId && !renter.studentIdVerified ? ['STUDENT_ID'] : []),
  ];
  if (missing.length > 0) {
    return err(
      new DomainError('RENTER_NOT_VERIFIED', 'verification is incomplete', {
        userId: renter.userId,
        missing,
      }),
    );
  }
  if (renter.frozen)
    return err(new DomainError('ACCOUNT_FROZEN', 'the account is frozen', { userId: renter.userId }));
  return ok(undefined);
}

/**
 * NUM-3, RENT-2: a verified (real name + student id), unfrozen user holding no active rental may
 * rent; `rentalStatuses` are the statuses of the user's rental orders.
 */
export function canStartRental(
  renter: Renter,
  rentalStatuses: readonly RetailOrderStatus[],
): Result<void, DomainError<RentalEligibilityErrorCode>> {
  const verified = verification(renter, true);
  if (!verified.ok) return verified;
  const active = rentalStatuses.filter(isActiveRental).length;
  return active > 0
    ? err(
        new DomainError('RENTAL_ALREADY_ACTIVE', 'one active rental per user', {
          userId: renter.userId,
          active,
        }),
      )
    : ok(undefined);
}

/** NUM-3: buying needs only a real-name, unfrozen user; a user may buy several vehicles. */
export const canPurchase = (renter: Renter): Result<void, DomainError<RentalEligibilityErrorCode>> =>
  verification(renter, false);

/** Which deposit a rental takes (RENT-2). */
export type DepositKind = 'RENTAL' | 'FLASH_CHARGE';

/** RENT-2: the flash-charge deposit when flash-charge is chosen, the rental deposit otherwise. */
export function requiredDeposit(
  settings: Pick<RentalSettings, 'rentalDeposit' | 'flashChargeDeposit'>,
  choice: { readonly flashCharge: boolean },
): { readonly kind: DepositKind; readonly amount: Fen } {
  return choice.flashCharge
    ? { kind: 'FLASH_CHARGE', amount: settings.flashChargeDeposit }
    : { kind: 'RENTAL', amount: settings.rentalDeposit };
}

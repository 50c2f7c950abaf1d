import { describe, expect, it } from 'vitest';
import { fen } from '../money/fen.js';
import { canPurchase, canStartRental, requiredDeposit, type Renter } from './eligibility.js';
import { overdueStatus, overdueTimers } from './overdue.js';
import { isActiveRental, retailOrderTransition, type RetailOrderStatus } from './retail-order.js';
import { parseRentalSettings, type RentalSettings } from './settings.js';
import { recordSale, returnRentalUnit, takeRentalUnit } from './stock.js';

const settingsInput = {
  salePrice: '2999',
  rentalPrice: '300',
  flashChargePrice: '49.90',
  rentalDeposit: '500',
  flashChargeDeposit: '199.50',
  dailyOverdueFee: '5.50',
};
const settings = ((): RentalSettings => {
  const result = parseRentalSettings(settingsInput);
  if (!result.ok) throw result.error;
  return result.value;
})();
const renter: Renter = { userId: 'u1', realNameVerified: true, studentIdVerified: true, frozen: false };
const DAY = 86_400_000;
const DUE = Date.UTC(2026, 8, 30, 16); // 2026-10-01 00:00 Asia/Shanghai

describe('rental settings (RENT-1)', () => {
  it('RENT-1 amounts are exact fen; day counts default to 14 and 30', () => {
    expect([
      settings.flashChargeDeposit,
      settings.dailyOverdueFee,
      settings.overdueGraceDays,
      settings.freezeAfterDays,
    ]).toEqual([19_950n, 550n, 14, 30]);
  });

  it.each([
    ['RENT-1 three decimals', { dailyOverdueFee: '1.005' }],
    ['RENT-1 negative price', { salePrice: '-1' }],
    ['RENT-1 freeze before grace ends', { overdueGraceDays: 30, freezeAfterDays: 14 }],
  ])('%s is RENTAL_SETTINGS_INVALID', (_name, patch) => {
    const result = parseRentalSettings({ ...settingsInput, ...patch });
    expect(result.ok || result.error.code).toBe('RENTAL_SETTINGS_INVALID');
  });
});

describe('rental eligibility and deposits (NUM-3, RENT-2)', () => {
  it.each<[string, Renter, RetailOrderStatus[], string | true]>([
    ['NUM-3 a verified user without rentals may rent', renter, [], true],
    ['NUM-3 returned and cancelled rentals do not count', renter, ['RETURNED', 'CANCELLED', 'EXPIRED'], true],
    ['NUM-3 one active rental per user (picked up)', renter, ['PICKED_UP'], 'RENTAL_ALREADY_ACTIVE'],
    ['NUM-3 a reserved rental is active', renter, ['RESERVED'], 'RENTAL_ALREADY_ACTIVE'],
    ['RENT-2 no student id, no rental', { ...renter, studentIdVerified: false }, [], 'RENTER_NOT_VERIFIED'],
    ['NUM-3 no real name, no rental', { ...renter, realNameVerified: false }, [], 'RENTER_NOT_VERIFIED'],
    ['RENT-1 a frozen account cannot rent', { ...renter, frozen: true }, [], 'ACCOUNT_FROZEN'],
  ])('%s', (_name, who, statuses, expected) => {
    const result = canStartRental(who, statuses);
    expect(result.ok || result.error.code).toBe(expected);
  });

  it('RENT-2 the error lists the missing verifications', () => {
    const result = canStartRental({ ...renter, realNameVerified: false, studentIdVerified: false }, []);
    expect(result.ok || result.error.details.missing).toEqual(['REAL_NAME', 'STUDENT_ID']);
  });

  it('NUM-3 buying needs a real name only and is not limited', () => {
    expect(canPurchase({ ...renter, studentIdVerified: false }).ok).toBe(true);
    const result = canPurchase({ ...renter, realNameVerified: false });
    expect(result.ok || result.error.code).toBe('RENTER_NOT_VERIFIED');
  });

  it.each([
    ['RENT-2 without flash-charge the rental deposit', false, { kind: 'RENTAL', amount: 50_000n }],
    ['RENT-2 with flash-charge the flash-charge deposit', true, { kind: 'FLASH_CHARGE', amount: 19_950n }],
  ])('%s', (_name, flashCharge, expected) => {
    expect(requiredDeposit(settings, { flashCharge })).toEqual(expected);
  });
});

describe('overdue rentals (RENT-1, RENT-2)', () => {
  it.each([
    ['RENT-1 before the latest return time nothing accrues', -DAY, 0, 0, 0n, false],
    ['RENT-1 within the two-week grace no fee', 14 * DAY, 14, 0, 0n, false],
    ['RENT-1 a partial day beyond the grace is not charged', 15 * DAY - 1, 14, 0, 0n, false],
    ['RENT-1 each full day beyond two weeks is charged', 15 * DAY, 15, 1, 550n, false],
    ['RENT-1 a day before a month not frozen', 30 * DAY - 1, 29, 15, 8_250n, false],
    ['RENT-1 a month not returned freezes the account', 30 * DAY, 30, 16, 8_800n, true],
  ])('%s', (_name, offset, days, chargeable, fee, freeze) => {
    expect(overdueStatus({ dueAt: DUE }, DUE + offset, settings)).toEqual({
      daysOverdue: days,
      chargeableDays: chargeable,
      fee,
      freeze,
    });
  });

  it('RENT-1 a returned rental stops accruing and is never frozen', () => {
    const status = overdueStatus({ dueAt: DUE, returnedAt: DUE + 16 * DAY }, DUE + 60 * DAY, settings);
    expect([status.chargeableDays, status.fee, status.freeze]).toEqual([2, fen(1100), false]);
  });

  it('RENT-2 the durable timers fire when the first fee day completes and at one month', () => {
    expect(overdueTimers(DUE, settings)).toEqual({ feeStartsAt: DUE + 15 * DAY, freezeAt: DUE + 30 * DAY });
    expect(
      overdueStatus({ dueAt: DUE }, overdueTimers(DUE, settings).feeStartsAt, settings).chargeableDays,
    ).toBe(1);
  });
});

describe('retail orders and stock (RENT-2, RENT-3, NUM-2)', () => {
  it.each([
    ['RENT-2 reserved rental is paid', 'RENTAL', 'RESERVED', 'PAY', 'PAID', []],
    [
      'RENT-2 paid rental is picked up, stock out and timers start',
      'RENTAL',
      'PAID',
      'PICK_UP',
      'PICKED_UP',
      ['RENTAL_UNIT_OUT', 'START_OVERDUE_TIMERS'],
    ],
    [
      'RENT-2 picked-up rental is returned',
      'RENTAL',
      'PICKED_UP',
      'RETURN',
      'RETURNED',
      ['RENTAL_UNIT_IN', 'STOP_OVERDUE_TIMERS', 'SETTLE_DEPOSIT'],
    ],
    [
      'NUM-2 cancelling a reservation releases its number',
      'SALE',
      'RESERVED',
      'CANCEL',
      'CANCELLED',
      ['RELEASE_NUMBER'],
    ],
    [
      'NUM-2 an unpaid order that expires releases its number',
      'RENTAL',
      'RESERVED',
      'EXPIRE',
      'EXPIRED',
      ['RELEASE_NUMBER'],
    ],
    ['RENT-3 a sale picked up records the sale', 'SALE', 'PAID', 'PICK_UP', 'PICKED_UP', ['RECORD_SALE']],
  ] as const)('%s', (_name, kind, status, event, to, effects) => {
    expect(retailOrderTransition(kind, status, event)).toEqual({ ok: true, value: { to, effects } });
  });

  it.each([
    ['RENT-2 a sale cannot be returned', 'SALE', 'PICKED_UP', 'RETURN'],
    ['RENT-2 a picked-up rental cannot be cancelled', 'RENTAL', 'PICKED_UP', 'CANCEL'],
    ['RENT-2 a returned rental is final', 'RENTAL', 'RETURNED', 'PAY'],
  ] as const)('%s', (_name, kind, status, event) => {
    const result = retailOrderTransition(kind, status, event);
    expect(result.ok || result.error.code).toBe('RETAIL_ORDER_TRANSITION_INVALID');
  });

  it('NUM-3 active rental statuses', () => {
    expect(
      (['RESERVED', 'PAID', 'PICKED_UP', 'RETURNED', 'CANCELLED', 'EXPIRED'] as const).map(isActiveRental),
    ).toEqual([true, true, true, false, false, false]);
  });

  it('RENT-3 each sale adds one unit to rental stock', () => {
    expect(recordSale({ saleStock: 3, rentalStock: 10 })).toEqual({
      ok: true,
      value: { saleStock: 2, rentalStock: 11 },
    });
    const empty = recordSale({ saleStock: 0, rentalStock: 10 });
    expect(empty.ok || empty.error.code).toBe('SALE_OUT_OF_STOCK');
  });

  it('RENT-1 rentals take and return units of rental stock', () => {
    expect(takeRentalUnit({ saleStock: 0, rentalStock: 1 })).toEqual({
      ok: true,
      value: { saleStock: 0, rentalStock: 0 },
    });
    const none = takeRentalUnit({ saleStock: 5, rentalStock: 0 });
    expect(none.ok || none.error.code).toBe('RENTAL_OUT_OF_STOCK');
    expect(returnRentalUnit({ saleStock: 0, rentalStock: 0 })).toEqual({ saleStock: 0, rentalStock: 1 });
  });
});

import { DateTime } from 'luxon';
import { defineScheme, formatNumber, type NumberingScheme } from '../numbering/scheme.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { contractSchedule, contractTransition, type ContractStatus } from './contract.js';

/** TEN-4: contract numbers are CT + 8 digits (CT00000001), one platform-wide sequence. */
export const CONTRACT_NO_SCHEME: NumberingScheme = defineScheme({
  key: 'tenant:contract-no',
  prefix: ['CT'],
  width: 8,
  min: 1,
  max: 99_999_999,
});

/** Formats an allocated contract-number sequence (1 → CT00000001). */
export const formatContractNo = (sequence: number) => formatNumber(CONTRACT_NO_SCHEME, sequence);

/** The two dates of a contract (YYYY-MM-DD; the end date is the last day covered). */
export interface ContractDates {
  readonly startDate: string;
  readonly endDate: string;
}

/** Why an amendment is refused (details.reason of CONTRACT_AMEND_INVALID). */
export type ContractAmendRefusal =
  'NOTHING_TO_AMEND' | 'DATE_INVALID' | 'START_DATE_FIXED' | 'END_DATE_PASSED';

/** Error codes of signing and amending a contract. */
export type ContractChangeErrorCode =
  | 'CONTRACT_TRANSITION_INVALID'
  | 'CONTRACT_END_NOT_AFTER_START'
  | 'CONTRACT_AMEND_INVALID'
  | 'CONTRACT_ALREADY_ENDED';

/** Where the schedule is computed and when "now" is (epoch ms, from the caller's clock). */
export interface ContractClock {
  readonly now: number;
  readonly zone?: string;
}

const isCalendarDate = (d: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) && DateTime.fromISO(d, { zone: 'UTC' }).isValid;

/**
 * TEN-4: signing needs a DRAFT contract whose end date has not passed (a contract that could never
 * be active is refused with CONTRACT_ALREADY_ENDED). A start date in the past is allowed: the
 * contract activates at once.
 */
export function checkSignable(
  status: ContractStatus,
  dates: ContractDates,
  clock: ContractClock,
): Result<void, DomainError<ContractChangeErrorCode>> {
  const next = contractTransition(status, 'SIGN');
  if (!next.ok) return next;
  const { expireAt } = contractSchedule(dates, clock.zone === undefined ? {} : { zone: clock.zone });
  if (expireAt <= clock.now) {
    return err(
      new DomainError('CONTRACT_ALREADY_ENDED', 'the contract’s end date has passed; amend it first', {
        endDate: dates.endDate,
      }),
    );
  }
  return ok(undefined);
}

/**
 * TEN-4: the dates after an amendment of a DRAFT, SIGNED or ACTIVE contract. Once ACTIVE the start
 * date is fixed; the end date stays after the start date and (once signed) must not have passed
 * already: ending a contract early is a termination, not an amendment.
 */
export function amendContractDates(
  current: { readonly status: ContractStatus } & ContractDates,
  amendment: { readonly startDate?: string | undefined; readonly endDate?: string | undefined },
  clock: ContractClock,
): Result<ContractDates, DomainError<ContractChangeErrorCode>> {
  const { status } = current;
  if (status === 'EXPIRED' || status === 'TERMINATED') {
    return err(
      new DomainError('CONTRACT_TRANSITION_INVALID', `AMEND is not allowed in ${status}`, {
        status,
        event: 'AMEND',
      }),
    );
  }
  const refuse = (reason: ContractAmendRefusal, message: string, extra: Record<string, unknown> = {}) =>
    err(new DomainError('CONTRACT_AMEND_INVALID', message, { reason, status, ...extra }));
  if (amendment.startDate === undefined && amendment.endDate === undefined) {
    return refuse('NOTHING_TO_AMEND', 'name a new start date, end date or both');
  }
  for (const date of [amendment.startDate, amendment.endDate]) {
    if (date !== undefined && !isCalendarDate(date)) {
      return refuse('DATE_INVALID', `${date} is not a calendar date (YYYY-MM-DD)`, { date });
    }
  }
  const next: ContractDates = {
    startDate: amendment.startDate ?? current.startDate,
    endDate: amendment.endDate ?? current.endDate,
  };
  if (status === 'ACTIVE' && next.startDate !== current.startDate) {
    return refuse('START_DATE_FIXED', 'an active contract keeps its start date', {
      startDate: current.startDate,
    });
  }
  if (next.endDate <= next.startDate) {
    return err(
      new DomainError('CONTRACT_END_NOT_AFTER_START', 'the end date must be after the start date', {
        startDate: next.startDate,
        endDate: next.endDate,
      }),
    );
  }
  const { expireAt } = contractSchedule(next, clock.zone === undefined ? {} : { zone: clock.zone });
  if (status !== 'DRAFT' && expireAt <= clock.now) {
    return refuse('END_DATE_PASSED', 'the new end date has passed already; terminate the contract instead', {
      endDate: next.endDate,
    });
  }
  return ok(next);
}

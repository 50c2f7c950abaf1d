import { DateTime } from 'luxon';
import { z } from 'zod';
import { parseCny, type Fen } from '../money/fen.js';
import { DomainError, isDomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { checkProfileComplete, type TenantProfile } from './profile.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** Zod schema of contract input (TEN-4); `amount` is a decimal CNY string, dates are YYYY-MM-DD. */
export const contractInputSchema = z.object({
  tenantId: z.string().min(1),
  bankName: z.string().trim().min(1),
  legalRepresentative: z.string().trim().min(1),
  accountNo: z.string().regex(/^\d{8,32}$/, 'bank account number is 8–32 digits'),
  startDate: isoDate,
  endDate: isoDate,
  authorisedCommunityCount: z.number().int().min(0),
  amount: z.string(),
  scan: z.string().min(1).optional(),
  partyAContact: z.string().trim().min(1),
  partyAPhone: z.string().trim().min(1),
  partyBContact: z.string().trim().min(1),
  partyBPhone: z.string().trim().min(1),
  description: z.string().optional(),
  remarks: z.string().optional(),
});

/** Contract input as received (amount still a string). */
export type ContractInput = z.infer<typeof contractInputSchema>;

/** Validated contract terms (TEN-4): amount in exact fen, end date after start date. */
export type ContractTerms = Omit<ContractInput, 'amount'> & { readonly amount: Fen };

/** Validates contract input; CONTRACT_INVALID lists the issues, CONTRACT_END_NOT_AFTER_START names the dates. */
export function validateContract(
  input: unknown,
): Result<ContractTerms, DomainError<'CONTRACT_INVALID' | 'CONTRACT_END_NOT_AFTER_START'>> {
  const parsed = contractInputSchema.safeParse(input);
  const issues = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const data = parsed.success ? parsed.data : undefined;
  const valid = (d: string) => DateTime.fromISO(d, { zone: 'UTC' }).isValid;
  if (data && (!valid(data.startDate) || !valid(data.endDate)))
    issues.push('startDate/endDate: not a calendar date');
  let amount: Fen | undefined;
  try {
    amount = data ? parseCny(data.amount) : undefined;
    if (amount !== undefined && amount < 0n) issues.push('amount: must not be negative');
  } catch (error) {
    if (!isDomainError(error)) throw error;
    issues.push(`amount: ${error.message}`);
  }
  if (!data || amount === undefined || issues.length > 0) {
    return err(new DomainError('CONTRACT_INVALID', 'contract is invalid', { issues }));
  }
  if (data.endDate <= data.startDate) {
    return err(
      new DomainError('CONTRACT_END_NOT_AFTER_START', 'the end date must be after the start date', {
        startDate: data.startDate,
        endDate: data.endDate,
      }),
    );
  }
  return ok({ ...data, amount });
}

/** TEN-3, TEN-4: adding a contract needs a complete tenant profile, then valid terms for that tenant. */
export function prepareContract(
  profile: TenantProfile,
  input: unknown,
): Result<
  ContractTerms,
  DomainError<'TENANT_PROFILE_INCOMPLETE' | 'CONTRACT_INVALID' | 'CONTRACT_END_NOT_AFTER_START'>
> {
  const complete = checkProfileComplete(profile);
  if (!complete.ok) return complete;
  const terms = validateContract(input);
  if (terms.ok && terms.value.tenantId !== profile.tenantId) {
    return err(
      new DomainError('CONTRACT_INVALID', 'contract is for another tenant', {
        issues: ['tenantId: mismatch'],
      }),
    );
  }
  return terms;
}

/** TEN-4 lifecycle of a contract. */
export type ContractStatus = 'DRAFT' | 'SIGNED' | 'ACTIVE' | 'EXPIRED' | 'TERMINATED';

/** What moves a contract: an operator (SIGN, TERMINATE) or a workflow timer (the two dates). */
export type ContractEvent = 'SIGN' | 'START_DATE_REACHED' | 'END_DATE_REACHED' | 'TERMINATE';

const TRANSITIONS: Readonly<Record<ContractStatus, Partial<Record<ContractEvent, ContractStatus>>>> = {
  DRAFT: { SIGN: 'SIGNED', TERMINATE: 'TERMINATED' },
  SIGNED: { START_DATE_REACHED: 'ACTIVE', END_DATE_REACHED: 'EXPIRED', TERMINATE: 'TERMINATED' },
  ACTIVE: { END_DATE_REACHED: 'EXPIRED', TERMINATE: 'TERMINATED' },
  EXPIRED: {},
  TERMINATED: {},
};

/** TEN-4: the next status, or CONTRACT_TRANSITION_INVALID (EXPIRED and TERMINATED are terminal). */
export function contractTransition(
  status: ContractStatus,
  event: ContractEvent,
): Result<ContractStatus, DomainError<'CONTRACT_TRANSITION_INVALID'>> {
  const next = TRANSITIONS[status][event];
  return next
    ? ok(next)
    : err(
        new DomainError('CONTRACT_TRANSITION_INVALID', `${event} is not allowed in ${status}`, {
          status,
          event,
        }),
      );
}

/** TEN-4 contract state as shown to operators: OPEN while active, otherwise CLOSED. */
export const contractOpenState = (status: ContractStatus): 'OPEN' | 'CLOSED' =>
  status === 'ACTIVE' ? 'OPEN' : 'CLOSED';

/** Default lead time of the expiry notice. */
export const DEFAULT_EXPIRY_NOTICE_DAYS = 30;

/** Instants (epoch ms) a contract workflow sleeps until. */
export interface ContractSchedule {
  /** 00:00 of the start date, local. */
  readonly activateAt: number;
  /** `noticeDays` before expiry, never before activation. */
  readonly expiryNoticeAt: number;
  /** 00:00 after the end date, local: the end date is the last day covered. */
  readonly expireAt: number;
}

/** TEN-4: the timers of a contract in the platform zone (default Asia/Shanghai). */
export function contractSchedule(
  terms: Pick<ContractTerms, 'startDate' | 'endDate'>,
  options: { readonly zone?: string; readonly noticeDays?: number } = {},
): ContractSchedule {
  const zone = options.zone ?? 'Asia/Shanghai';
  const activateAt = DateTime.fromISO(terms.startDate, { zone }).startOf('day').toMillis();
  const expireAt = DateTime.fromISO(terms.endDate, { zone }).plus({ days: 1 }).startOf('day').toMillis();
  const notice = DateTime.fromMillis(expireAt, { zone })
    .minus({ days: options.noticeDays ?? DEFAULT_EXPIRY_NOTICE_DAYS })
    .toMillis();
  return { activateAt, expiryNoticeAt: Math.max(notice, activateAt), expireAt };
}

/** TEN-4: the timer events already due at `now` for a contract in `status`, in order (for catch-up). */
export function dueContractEvents(
  status: ContractStatus,
  schedule: ContractSchedule,
  now: number,
): ContractEvent[] {
  const events: ContractEvent[] = [];
  if (status === 'SIGNED' && now >= schedule.activateAt && now < schedule.expireAt)
    events.push('START_DATE_REACHED');
  if ((status === 'SIGNED' || status === 'ACTIVE') && now >= schedule.expireAt)
    events.push('END_DATE_REACHED');
  return events;
}

/** TEN-4: a tenant is closed when none of its contracts is active any more. */
export const noActiveContract = (statuses: readonly ContractStatus[]): boolean =>
  !statuses.includes('ACTIVE');

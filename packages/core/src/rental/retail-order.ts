import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** Sale (买车) or rental (租车 / mini 租) order of an e-bike. */
export type RetailOrderKind = 'SALE' | 'RENTAL';

/** RENT-2 order lifecycle: reserved → paid → picked up (→ returned for rentals); or cancelled/expired. */
export type RetailOrderStatus = 'RESERVED' | 'PAID' | 'PICKED_UP' | 'RETURNED' | 'CANCELLED' | 'EXPIRED';

/** What moves a retail order; EXPIRE comes from the order-validity timer. */
export type RetailOrderEvent = 'PAY' | 'PICK_UP' | 'RETURN' | 'CANCEL' | 'EXPIRE';

/** Work the caller must do with the transition (in the same transaction or workflow step). */
export type RetailOrderEffect =
  | 'RELEASE_NUMBER'
  | 'REFUND_PAYMENT'
  | 'SETTLE_DEPOSIT'
  | 'RECORD_SALE'
  | 'RENTAL_UNIT_OUT'
  | 'RENTAL_UNIT_IN'
  | 'START_OVERDUE_TIMERS'
  | 'STOP_OVERDUE_TIMERS';

type Step = { readonly to: RetailOrderStatus; readonly effects: readonly RetailOrderEffect[] };

const COMMON: Partial<Record<RetailOrderStatus, Partial<Record<RetailOrderEvent, Step>>>> = {
  RESERVED: {
    PAY: { to: 'PAID', effects: [] },
    CANCEL: { to: 'CANCELLED', effects: ['RELEASE_NUMBER'] },
    EXPIRE: { to: 'EXPIRED', effects: ['RELEASE_NUMBER'] },
  },
};

const TABLE: Readonly<
  Record<RetailOrderKind, Partial<Record<RetailOrderStatus, Partial<Record<RetailOrderEvent, Step>>>>>
> = {
  SALE: {
    ...COMMON,
    PAID: {
      PICK_UP: { to: 'PICKED_UP', effects: ['RECORD_SALE'] },
      CANCEL: { to: 'CANCELLED', effects: ['RELEASE_NUMBER', 'REFUND_PAYMENT'] },
    },
  },
  RENTAL: {
    ...COMMON,
    PAID: {
      PICK_UP: { to: 'PICKED_UP', effects: ['RENTAL_UNIT_OUT', 'START_OVERDUE_TIMERS'] },
      CANCEL: { to: 'CANCELLED', effects: ['RELEASE_NUMBER', 'REFUND_PAYMENT'] },
    },
    PICKED_UP: {
      RETURN: { to: 'RETURNED', effects: ['RENTAL_UNIT_IN', 'STOP_OVERDUE_TIMERS', 'SETTLE_DEPOSIT'] },
    },
  },
};

/**
 * RENT-2, NUM-2: the next status and its effects. Only a cancelled or expired order releases its
 * number (the number stays printed on the vehicle); a return settles the deposit against overdue fees.
 */
export function retailOrderTransition(
  kind: RetailOrderKind,
  status: RetailOrderStatus,
  event: RetailOrderEvent,
): Result<Step, DomainError<'RETAIL_ORDER_TRANSITION_INVALID'>> {
  const step = TABLE[kind][status]?.[event];
  return step
    ? ok(step)
    : err(
        new DomainError('RETAIL_ORDER_TRANSITION_INVALID', `${event} is not allowed on a ${status} ${kind}`, {
          kind,
          status,
          event,
        }),
      );
}

/** NUM-3: a rental counts as active from reservation until it is returned, cancelled or expired. */
export const isActiveRental = (status: RetailOrderStatus): boolean =>
  status === 'RESERVED' || status === 'PAID' || status === 'PICKED_UP';

import type { Bill } from '../billing/bill.js';
import { type Fen, ZERO_FEN, maxFen, minFen } from '../money/fen.js';
import type { EndReason, Funding, SessionReading, OrderEffect, SessionPricer, Settlement } from './types.js';

/** The most an order may cost (ORD-6): the prepay, the card balance, or no cap for platform starts. */
export function fundingCap(funding: Funding): Fen | undefined {
  if (funding.kind === 'PREPAY') return funding.prepay;
  if (funding.kind === 'CARD') return funding.balance;
  return undefined;
}

/** Input of one settlement. */
export interface SettleInput {
  readonly orderNo: string;
  readonly funding: Funding;
  readonly endReason: EndReason;
  readonly endedAt: number;
  /** The bill of the session; absent when the order costs nothing (ABNORMAL, or no reading ever reported). */
  readonly bill?: Bill;
  readonly finalMeter?: SessionReading;
}

/**
 * ORD-6: fee = bill.total (already capped by the tariff engine; capped here again as a guard, and
 * never below zero); the prepay's rest goes back as RETURN_PREPAY; a card is debited by the fee.
 */
export function settle(input: SettleInput): {
  readonly settlement: Settlement;
  readonly effects: readonly OrderEffect[];
} {
  const { bill, funding, orderNo } = input;
  const cap = fundingCap(funding);
  const billed = bill === undefined ? ZERO_FEN : maxFen(ZERO_FEN, bill.total);
  const fee = cap === undefined ? billed : minFen(billed, maxFen(ZERO_FEN, cap));
  const prepayReturned = funding.kind === 'PREPAY' ? ((funding.prepay - fee) as Fen) : ZERO_FEN;
  const cardDebited = funding.kind === 'CARD' ? fee : ZERO_FEN;
  const settlement: Settlement = {
    fee,
    uncappedFee: bill === undefined ? ZERO_FEN : bill.uncappedTotal,
    prepayReturned,
    cardDebited,
    endReason: input.endReason,
    endedAt: input.endedAt,
    ...(bill === undefined ? {} : { tariff: bill.tariff }),
    ...(input.finalMeter === undefined ? {} : { finalMeter: input.finalMeter }),
  };
  const effects: OrderEffect[] = [{ type: 'ORDER_SETTLED', orderNo, settlement }];
  if (funding.kind === 'PREPAY' && prepayReturned > 0n) {
    effects.push({ type: 'RETURN_PREPAY', orderNo, paymentNo: funding.paymentNo, amount: prepayReturned });
  }
  if (funding.kind === 'CARD' && cardDebited > 0n) {
    effects.push({ type: 'DEBIT_CARD', orderNo, cardId: funding.cardId, amount: cardDebited });
  }
  return { settlement, effects };
}

/** ORD-5, ORD-6: settles with the last accepted reading; no reading at all means nothing was delivered and costs nothing. */
export function settleWithMeter(
  input: Omit<SettleInput, 'bill' | 'finalMeter'> & {
    readonly start?: SessionReading;
    readonly end?: SessionReading;
  },
  price: SessionPricer,
): { readonly settlement: Settlement; readonly effects: readonly OrderEffect[] } {
  const { start, end, ...rest } = input;
  if (end === undefined) return settle(rest);
  const bill = price({ ...(start === undefined ? {} : { start }), end, funding: input.funding });
  return settle({ ...rest, bill, finalMeter: end });
}

import {
  fundingCap,
  minFen,
  priceEbikeSession,
  type Bill,
  type EbikeTariff,
  type Fen,
  type SessionPricer,
} from '@chargeflow/core';

/** The fee cap of an e-bike session: the funding's (prepay, card balance) and the auto-stop amount, the lower. */
export function ebikeCap(
  funding: Parameters<typeof fundingCap>[0],
  amount: Fen | undefined,
): Fen | undefined {
  const cap = fundingCap(funding);
  if (cap === undefined) return amount;
  return amount === undefined ? cap : minFen(cap, amount);
}

/**
 * The SessionPricer handed to `transitionEbikeOrder`: core's `priceEbikeSession` on the delivered
 * duration (end − start, s), energy (end − start, Wh) and the highest power reported (TAR-7/10
 * choose the band by max power), capped at the funding and the auto-stop amount (ORD-6).
 */
export function createEbikePricer(
  tariff: EbikeTariff,
  maxPowerW: () => number,
  autoStopAmount: Fen | undefined,
  onBill: (bill: Bill) => void = () => undefined,
): SessionPricer {
  return ({ start, end, funding }) => {
    const cap = ebikeCap(funding, autoStopAmount);
    const durationSeconds = Math.max(0, Math.floor((end.durationS ?? 0) - (start?.durationS ?? 0)));
    const energyWh = Math.max(0, end.energyWh - (start?.energyWh ?? 0));
    const bill = priceEbikeSession(
      tariff,
      { durationSeconds, energyWh, maxPowerW: Math.round(maxPowerW()) },
      cap === undefined ? {} : { cap },
    );
    onBill(bill);
    return bill;
  };
}

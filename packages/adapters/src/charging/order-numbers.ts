import { formatOrderNo, unwrap, type OrderNoType } from '@chargeflow/core';

/**
 * NUM-4: hands out order numbers (prefix + Asia/Shanghai second + 6-digit sequence) from the
 * injected clock and a per-second counter kept in this process. The counter is not the uniqueness
 * guarantee: the order table's primary key is. When another process took the same number, the
 * caller asks again and gets the next sequence of that second (see ChargingService.start).
 */
export class OrderNoAllocator {
  private second = Number.NaN;
  private sequence = 0;

  /** The next number of `type` for the instant `at` (epoch ms). */
  next(type: OrderNoType, at: number): string {
    const second = Math.floor(at / 1000);
    if (second !== this.second) {
      this.second = second;
      this.sequence = 0;
    }
    const sequence = this.sequence;
    this.sequence += 1;
    return unwrap(formatOrderNo({ type, at, sequence }));
  }
}

/** The payment no. of an order's prepay: the same time and sequence under the PAYMENT prefix (PY…). */
export const prepayPaymentNo = (orderNo: string): string => `PY${orderNo.slice(2)}`;

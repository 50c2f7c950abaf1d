import { CAR_ORDER_LIFECYCLE } from '../orders/car-order-table.js';
import { EBIKE_ORDER_LIFECYCLE } from '../orders/ebike-order-table.js';
import { INVOICE_LIFECYCLE } from '../invoices/invoice.js';
import { PAYMENT_LIFECYCLE } from '../payments/payment.js';
import { REFUND_LIFECYCLE } from '../payments/refund.js';
import { SPLIT_LIFECYCLE } from '../payments/split.js';
import { RESERVATION_LIFECYCLE } from '../reservations/reservation-table.js';
import { toMermaid, type LifecycleSpec } from './table.js';

/** Every lifecycle of the core with the SPEC rules it implements, in documentation order. */
export const LIFECYCLES: readonly { readonly rules: string; readonly spec: LifecycleSpec<string, string> }[] =
  [
    { rules: 'ORD-1…ORD-7', spec: CAR_ORDER_LIFECYCLE },
    { rules: 'ORD-5, ORD-8', spec: EBIKE_ORDER_LIFECYCLE },
    { rules: 'RES-1…RES-3', spec: RESERVATION_LIFECYCLE },
    { rules: 'PAY-1', spec: PAYMENT_LIFECYCLE },
    { rules: 'REF-1, REF-2', spec: REFUND_LIFECYCLE },
    { rules: 'SPL-1', spec: SPLIT_LIFECYCLE },
    { rules: 'INV-1…INV-3', spec: INVOICE_LIFECYCLE },
  ] as unknown as readonly { readonly rules: string; readonly spec: LifecycleSpec<string, string> }[];

/** The mermaid block of a lifecycle exactly as docs/domain/lifecycles.md must contain it. */
export function mermaidBlock(spec: LifecycleSpec<string, string>): string {
  return ['```mermaid', toMermaid(spec), '```'].join('\n');
}

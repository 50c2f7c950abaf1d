import { fen, type Bill, type BillLine, type Fen } from '@chargeflow/core';
import { z } from '@hono/zod-openapi';
import type { OrderDetail } from '../charging/charging-service.js';
import type { ChargingOrderRecord } from '../persistence/repositories/order-records.js';
import { iso } from './asset-views.js';
import { MoneySchema, money, type Money } from './money-view.js';

export { MoneySchema, money } from './money-view.js';

/** A connector no. as the device speaks it ("1" … "255"). */
export const ConnectorNoSchema = z
  .string()
  .regex(/^([1-9]\d{0,1}|1\d\d|2[0-4]\d|25[0-5])$/, 'a connector no. 1…255');
export const PhoneSchema = z.string().regex(/^\+?[0-9][0-9 -]{2,30}$/, 'a phone number');

/** The Idempotency-Key header of a start or stop. */
export const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(128).optional() });
/** The order no. in a path. */
export const OrderParams = z.object({ orderNo: z.string().min(1).max(32) });

// Response shapes of the order routes. Money is never a float: a decimal CNY string plus integer fen.

const moneyOrNull = (amount: Fen | null | undefined): Money | null =>
  amount === null || amount === undefined ? null : money(amount);
const isoOrNull = (at: number | null | undefined): string | null =>
  at === null || at === undefined ? null : iso(at);

const BillLineSchema = z.object({
  kind: z.string(),
  label: z.string(),
  band: z.string().nullable(),
  quantity: z.object({ value: z.string(), unit: z.string() }),
  unitPrice: z.string(),
  preciseAmount: z.string(),
  amount: MoneySchema,
});

export const BillSchema = z
  .object({
    tariff: z.object({ tariffId: z.string(), version: z.number().int() }),
    lines: z.array(BillLineSchema),
    uncappedTotal: MoneySchema,
    total: MoneySchema,
    cap: MoneySchema.nullable(),
    notes: z.array(z.string()),
  })
  .openapi('Bill');

export const OrderFeeSchema = z
  .object({
    kind: z.enum(['OCCUPANCY']),
    /** Where it was priced: the reservation (its no.) or the occupancy record (its id) of the stay. */
    source: z.object({ kind: z.enum(['RESERVATION', 'OCCUPANCY_RECORD']), ref: z.string() }),
    line: BillLineSchema,
    amount: MoneySchema,
    status: z.enum(['UNPAID']),
    createdAt: z.string(),
  })
  .openapi('OrderFee');

export const OrderSchema = z
  .object({
    orderNo: z.string(),
    kind: z.enum(['CAR', 'EBIKE']),
    status: z.string(),
    /** Where status, energy and fee come from: the running workflow, or the stored record. */
    source: z.enum(['workflow', 'database']),
    startWay: z.enum(['APP', 'CARD', 'PLATFORM']),
    stationId: z.string(),
    chargerSerial: z.string(),
    connectorNo: z.string(),
    funding: z.object({
      kind: z.enum(['PREPAY', 'CARD', 'PLATFORM']),
      paymentNo: z.string().nullable(),
      prepay: MoneySchema.nullable(),
      cardId: z.string().nullable(),
      cardBalance: MoneySchema.nullable(),
    }),
    tariff: z.object({ tariffId: z.string(), version: z.number().int() }),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    settledAt: z.string().nullable(),
    energyWh: z.number().nullable(),
    /** E-bike orders while live (ORD-8): the charged duration the box reported, s; otherwise null. */
    durationS: z.number().int().nullable(),
    /** Live: the fee of the readings so far (capped); settled: the fee charged. */
    fee: MoneySchema.nullable(),
    prepayReturned: MoneySchema.nullable(),
    endReason: z.string().nullable(),
    phone: z.string().nullable(),
    cardNo: z.string().nullable(),
    reservationNo: z.string().nullable(),
    bill: BillSchema.nullable(),
    /** TAR-12: fees beyond the bill — the occupancy fee of the stay in which the car charged (read on one order; lists leave them empty, as they leave `bill` null). */
    fees: z.array(OrderFeeSchema),
    /** The sum of the fees not yet paid. */
    feesDue: MoneySchema,
    links: z.object({ self: z.string(), stop: z.string() }),
  })
  .openapi('ChargingOrder');
export type OrderView = z.infer<typeof OrderSchema>;

/** The answer to a stop request. */
export const StopAcceptedSchema = z
  .object({
    orderNo: z.string(),
    status: z.string(),
    links: z.object({ self: z.string(), stop: z.string() }),
  })
  .openapi('StopAccepted');

const lineView = (l: BillLine): z.infer<typeof BillLineSchema> => ({
  kind: l.kind,
  label: l.label,
  band: l.band ?? null,
  quantity: l.quantity,
  unitPrice: l.unitPrice,
  preciseAmount: l.preciseAmount,
  amount: money(l.amount),
});

export const billView = (bill: Bill): z.infer<typeof BillSchema> => ({
  tariff: bill.tariff,
  lines: bill.lines.map(lineView),
  uncappedTotal: money(bill.uncappedTotal),
  total: money(bill.total),
  cap: moneyOrNull(bill.cap),
  notes: [...(bill.notes ?? [])],
});

/** Links of an order. */
export const orderLinks = (orderNo: string, base = '/orders') => ({
  self: `${base}/${orderNo}`,
  stop: `${base}/${orderNo}/stop`,
});

/** An order as the API shows it; with `live`, status/energy/fee come from the workflow. */
export function orderView(
  order: ChargingOrderRecord,
  detail?: Omit<OrderDetail, 'order'>,
  base = '/orders',
): OrderView {
  const live = detail?.live ?? null;
  const fees = detail?.fees ?? [];
  const f = order.funding;
  return {
    orderNo: order.orderNo,
    kind: order.kind,
    status: live?.status ?? order.status,
    source: live ? 'workflow' : 'database',
    startWay: order.startWay,
    stationId: order.stationId,
    chargerSerial: order.chargerSerial,
    connectorNo: order.connectorNo,
    funding: {
      kind: f.kind,
      paymentNo: f.kind === 'PREPAY' ? f.paymentNo : null,
      prepay: f.kind === 'PREPAY' ? money(f.prepay) : null,
      cardId: f.kind === 'CARD' ? f.cardId : null,
      cardBalance: f.kind === 'CARD' ? money(f.balance) : null,
    },
    tariff: order.tariff,
    createdAt: iso(order.createdAt),
    startedAt: isoOrNull(live?.startedAt ?? order.startedAt),
    endedAt: isoOrNull(order.endedAt),
    settledAt: isoOrNull(order.settledAt),
    energyWh: live ? live.energyWh : order.energyWh,
    durationS:
      live !== null && 'durationS' in live && typeof live.durationS === 'number' ? live.durationS : null,
    fee: live ? money(live.feeEstimate) : moneyOrNull(order.fee),
    prepayReturned: moneyOrNull(order.prepayReturned),
    endReason: order.endReason ?? live?.stopReason ?? live?.abnormalReason ?? null,
    phone: order.phone,
    cardNo: order.cardNo,
    reservationNo: order.reservationNo,
    bill: detail?.bill ? billView(detail.bill) : null,
    fees: fees.map((f) => ({
      kind: f.kind,
      source: f.source,
      line: lineView(f.line),
      amount: money(f.amount),
      status: f.status,
      createdAt: iso(f.createdAt),
    })),
    feesDue: money(fen(fees.filter((f) => f.status === 'UNPAID').reduce((sum, f) => sum + f.amount, 0n))),
    links: orderLinks(order.orderNo, base),
  };
}

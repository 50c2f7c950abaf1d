import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { fen, type Bill, type Settlement } from '@chargeflow/core';
import { BillLineEntity, ChargingOrderEntity, type ChargingOrderRow } from '../entities/charging-order.js';
import { OrderFeeEntity } from '../entities/order-fees.js';
import { PersistenceError, isUniqueViolation, violatesUnique } from '../errors.js';
import { ORDER_COLUMNS, WHOLE_TENANT, scopeWhere, within, type QueryScope } from '../scope.js';
import { toOrderFee, type OrderFeeRecord } from './order-fee-records.js';
import { listOrders, type OrderListFilters, type OrderPage } from './order-list.js';
import {
  canonicalJson,
  settlementDigest,
  toBillLine,
  toOrderRecord,
  type ChargingOrderRecord,
  type NewChargingOrder,
} from './order-records.js';

/** A status change reported by the order's workflow (the single writer of its order). */
export interface OrderProgressUpdate {
  readonly status: string;
  /** Platform time of the change (epoch ms); an older update never overwrites a newer one. */
  readonly at: number;
  readonly startedAt?: number;
  readonly startMeterWh?: number;
  /** Decision 0019: the session's watch reading; `null` clears it (no limit to watch). */
  readonly watchWh?: number | null;
}

/** Outcome of recordSettlement: `applied` is false when the same settlement was already stored. */
export interface SettlementOutcome {
  readonly applied: boolean;
  readonly order: ChargingOrderRecord;
}

/** The state an order ends in once settled: ABNORMAL for failed starts, else COMPLETED (car) / ENDED (e-bike). */
export function settledStatus(kind: 'CAR' | 'EBIKE', settlement: Settlement): string {
  if (settlement.endReason === 'START_REJECTED' || settlement.endReason === 'START_TIMEOUT')
    return 'ABNORMAL';
  return kind === 'EBIKE' ? 'ENDED' : 'COMPLETED';
}

/** The unique key that holds at most one active order per connector (migration 0002). */
export const ACTIVE_CONNECTOR_KEY = {
  name: 'charging_order_active_connector_unique',
  columns: 'charging_order.connector_id',
} as const;

/** The unique key that allows one active order per card (migration 0006: a card funds one session at a time). */
export const ACTIVE_CARD_KEY = {
  name: 'charging_order_active_card_unique',
  columns: 'charging_order.card_id',
} as const;

/**
 * Charging orders and their bills (ORD-1…9), inside the caller's scope (ORG-1: back-office users
 * see their organisation's orders, app users their own; the workflows work on the whole tenant).
 */
export class ChargingOrderRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number,
    private readonly scope: QueryScope = WHOLE_TENANT,
  ) {}

  /** Orders matching `query` inside the scope. */
  private orders(query: Record<string, unknown>): FilterQuery<ChargingOrderRow> {
    return within(scopeWhere(this.scope, ORDER_COLUMNS), query);
  }

  /**
   * Creates an order; ORDER_ALREADY_EXISTS when the order no. is taken, CONNECTOR_BUSY when the
   * connector already has an active order (the database's unique key decides a race, ORD-1).
   */
  async create(input: NewChargingOrder): Promise<ChargingOrderRecord> {
    const { funding } = input;
    const em = this.em.fork();
    const row = em.create(ChargingOrderEntity, {
      orderNo: input.orderNo,
      kind: input.kind ?? 'CAR',
      providerId: input.providerId,
      propertyId: input.propertyId,
      stationId: input.stationId,
      chargerId: input.chargerId,
      chargerSerial: input.chargerSerial,
      connectorId: input.connectorId,
      connectorNo: input.connectorNo,
      startWay: input.startWay,
      status: input.status ?? 'STARTING',
      statusAt: input.createdAt,
      fundingKind: funding.kind,
      paymentNo: funding.kind === 'PREPAY' ? funding.paymentNo : null,
      prepayFen: funding.kind === 'PREPAY' ? funding.prepay : null,
      cardId: funding.kind === 'CARD' ? funding.cardId : null,
      cardBalanceFen: funding.kind === 'CARD' ? funding.balance : null,
      cardNo: input.cardNo ?? null,
      phone: input.phone ?? null,
      ownerId: input.ownerId ?? null,
      reservationNo: input.reservationNo ?? null,
      tariffId: input.tariff.tariffId,
      tariffVersion: input.tariff.version,
      createdAt: input.createdAt,
      settlementCount: 0,
    });
    try {
      await em.flush();
    } catch (error) {
      // A row can break both keys (a retried insert of an active order); its own order no. comes first.
      const taken =
        isUniqueViolation(error) &&
        (await this.em.fork().count(ChargingOrderEntity, { orderNo: input.orderNo })) > 0;
      if (!taken && violatesUnique(error, ACTIVE_CONNECTOR_KEY)) {
        throw new PersistenceError(
          'CONNECTOR_BUSY',
          `connector ${input.connectorNo} of ${input.chargerSerial} has an active order`,
          { chargerSerial: input.chargerSerial, connectorNo: input.connectorNo },
        );
      }
      if (!taken && violatesUnique(error, ACTIVE_CARD_KEY)) {
        throw new PersistenceError('CARD_IN_USE', 'the card already funds an active session', {
          cardNo: input.cardNo ?? null,
        });
      }
      if (isUniqueViolation(error)) {
        throw new PersistenceError('ORDER_ALREADY_EXISTS', `order ${input.orderNo} exists`, {
          orderNo: input.orderNo,
        });
      }
      throw error;
    }
    return toOrderRecord(row);
  }

  /** The order, or ORDER_NOT_FOUND. */
  async get(orderNo: string): Promise<ChargingOrderRecord> {
    const row = await this.em.fork().findOne(ChargingOrderEntity, this.orders({ orderNo }));
    if (!row) throw new PersistenceError('ORDER_NOT_FOUND', `no order ${orderNo}`, { orderNo });
    return toOrderRecord(row);
  }

  /** ORD-7: records a status change unless a newer one is stored or the order is settled; true when written. */
  async recordProgress(orderNo: string, update: OrderProgressUpdate): Promise<boolean> {
    const changed = await this.em
      .fork()
      .nativeUpdate(
        ChargingOrderEntity,
        this.orders({ orderNo, settlementCount: 0, statusAt: { $lte: update.at } }),
        {
          status: update.status,
          statusAt: update.at,
          ...(update.startedAt === undefined ? {} : { startedAt: update.startedAt }),
          ...(update.startMeterWh === undefined ? {} : { startMeterWh: update.startMeterWh }),
          ...(update.watchWh === undefined ? {} : { watchWh: update.watchWh }),
        },
      );
    if (changed === 0) await this.get(orderNo); // ORDER_NOT_FOUND when missing; else stale or settled: a no-op
    return changed > 0;
  }

  /**
   * ORD-6, ORD-7: writes the settlement and its bill lines exactly once, in one transaction that
   * locks the order row. The same settlement again is a no-op; a different one is ORDER_ALREADY_SETTLED.
   */
  async recordSettlement(orderNo: string, settlement: Settlement, bill?: Bill): Promise<SettlementOutcome> {
    const digest = settlementDigest(settlement, bill);
    const applied = await this.em.fork().transactional(async (em) => {
      const row = await em.findOne(ChargingOrderEntity, this.orders({ orderNo }), {
        lockMode: LockMode.PESSIMISTIC_WRITE,
      });
      if (!row) throw new PersistenceError('ORDER_NOT_FOUND', `no order ${orderNo}`, { orderNo });
      if (row.settlementCount > 0) {
        if (row.settlementDigest === digest) return false;
        throw new PersistenceError(
          'ORDER_ALREADY_SETTLED',
          `order ${orderNo} is already settled differently`,
          {
            orderNo,
            settledAt: row.settledAt,
            storedFee: row.feeFen,
            receivedFee: settlement.fee,
          },
        );
      }
      const endMeterWh = settlement.finalMeter?.energyWh ?? null;
      const startMeterWh = row.startMeterWh ?? null;
      const tariff = bill?.tariff ?? settlement.tariff;
      const changed = await em.nativeUpdate(
        ChargingOrderEntity,
        { orderNo, settlementCount: 0 },
        {
          settlementCount: 1,
          settlementDigest: digest,
          settlementJson: JSON.parse(canonicalJson({ settlement, bill: bill ?? null })) as Record<
            string,
            unknown
          >,
          status: settledStatus(row.kind, settlement),
          statusAt: Math.max(row.statusAt, settlement.endedAt),
          feeFen: settlement.fee,
          uncappedFeeFen: settlement.uncappedFee,
          prepayReturnedFen: settlement.prepayReturned,
          cardDebitedFen: settlement.cardDebited,
          billTotalFen: bill?.total ?? null,
          billCapFen: bill?.cap ?? null,
          billNotes: bill?.notes === undefined ? null : [...bill.notes],
          endReason: settlement.endReason,
          endedAt: settlement.endedAt,
          endMeterWh,
          energyWh: endMeterWh !== null && startMeterWh !== null ? endMeterWh - startMeterWh : null,
          settledAt: this.now(),
          ...(tariff === undefined ? {} : { tariffId: tariff.tariffId, tariffVersion: tariff.version }),
        },
      );
      if (changed !== 1) {
        throw new PersistenceError('ORDER_ALREADY_SETTLED', `order ${orderNo} was settled concurrently`, {
          orderNo,
        });
      }
      (bill?.lines ?? []).forEach((line, lineNo) => {
        em.create(BillLineEntity, {
          id: `${orderNo}#${lineNo}`,
          order: em.getReference(ChargingOrderEntity, orderNo),
          lineNo,
          kind: line.kind,
          label: line.label,
          band: line.band ?? null,
          quantityValue: line.quantity.value,
          quantityUnit: line.quantity.unit,
          unitPrice: line.unitPrice,
          preciseAmount: line.preciseAmount,
          amountFen: line.amount,
        });
      });
      return true;
    });
    return { applied, order: await this.get(orderNo) };
  }

  /** TAR-13: the stored bill of a settled order (lines in order), or null when it had none. */
  async getBill(orderNo: string): Promise<Bill | null> {
    const em = this.em.fork();
    const row = await em.findOne(ChargingOrderEntity, this.orders({ orderNo }));
    if (!row) throw new PersistenceError('ORDER_NOT_FOUND', `no order ${orderNo}`, { orderNo });
    if (row.billTotalFen === null || row.billTotalFen === undefined) return null;
    const lines = await em.find(BillLineEntity, { order: orderNo }, { orderBy: { lineNo: 'asc' } });
    return {
      tariff: { tariffId: row.tariffId, version: row.tariffVersion },
      lines: lines.map(toBillLine),
      uncappedTotal: fen(row.uncappedFeeFen ?? 0n),
      total: fen(row.billTotalFen),
      ...(row.billCapFen === null || row.billCapFen === undefined ? {} : { cap: fen(row.billCapFen) }),
      ...(row.billNotes === null || row.billNotes === undefined ? {} : { notes: row.billNotes }),
    };
  }

  /** TAR-12: the order's fees beyond its bill (occupancy), oldest first; the order must be in scope. */
  async getFees(orderNo: string): Promise<OrderFeeRecord[]> {
    const em = this.em.fork();
    const rows = await em.find(OrderFeeEntity, { orderNo }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return rows.map(toOrderFee);
  }

  /** ORD-9: searches orders (default window: the 7 days before `filters.now`). */
  list(filters: OrderListFilters): Promise<OrderPage> {
    return listOrders(this.em, filters, this.scope);
  }
}

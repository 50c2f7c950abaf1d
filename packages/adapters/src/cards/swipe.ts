// CARD_SWIPED → a card-funded charging session (ORD-1, CARD-3), or the reason it cannot start,
// answered to the reader (CARD_REJECTED). Called from the device-event sink for the serial's tenant.
import {
  DomainError,
  isDomainError,
  type Card,
  type DeviceEvent,
  type OrderTimeouts,
} from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import type { WorkflowClient } from '@temporalio/client';
import { OrderNoAllocator } from '../charging/order-numbers.js';
import { startOrder } from '../charging/start-order.js';
import { silentLogger, type AdapterLogger, type DeviceCommandBus } from '../kafka/ports.js';
import { ChargerEntity } from '../persistence/entities/assets.js';
import { AssetRepository } from '../persistence/repositories/asset-repository.js';
import type { CardRecord } from '../persistence/repositories/card-records.js';
import { Cards } from '../persistence/repositories/cards.js';
import { ChargingOrderRepository } from '../persistence/repositories/charging-order-repository.js';
import { TariffRepository } from '../persistence/repositories/tariff-repository.js';
import { WHOLE_TENANT } from '../persistence/scope.js';
import type { TenantDatabases } from '../tenancy/ports.js';

/** A card swipe as the ingestion validated it. */
export type CardSwipedEvent = Extract<DeviceEvent, { type: 'CARD_SWIPED' }>;

/** How card-funded sessions start: the Temporal client and queue the workflows run on, and their timeouts. */
export interface CardStartOptions {
  readonly workflows: WorkflowClient;
  readonly taskQueue: string;
  readonly timeouts: OrderTimeouts;
}

/** What the swipe handler needs (the worker's composition root builds it). */
export interface CardSwipeOptions extends CardStartOptions {
  readonly tenants: Pick<TenantDatabases, 'get'>;
  /** Where the refusal goes (the commands topic; the reader shows the reason). */
  readonly commands: DeviceCommandBus;
  readonly orderNumbers?: OrderNoAllocator;
  readonly now?: () => number;
  readonly logger?: AdapterLogger;
}

/**
 * Which numbers a charger's reader sends: the chip no. on DC chargers, the printed no. on AC
 * chargers and e-bike readers; a charger whose current type is not recorded may send either.
 */
export function readerNumbers(
  stationKind: 'CAR' | 'EBIKE',
  currentType: string | null | undefined,
): ReadonlyArray<'CHIP' | 'PRINTED'> {
  if (stationKind === 'EBIKE') return ['PRINTED'];
  if (currentType === 'DC') return ['CHIP'];
  if (currentType === 'AC') return ['PRINTED'];
  return ['CHIP', 'PRINTED'];
}

/** Core's view of a card record (what the workflow input carries). */
const coreCard = (card: CardRecord): Card => ({
  cardId: card.cardId,
  productId: card.productId,
  printedNo: card.printedNo,
  chipNo: card.chipNo,
  holderPhone: card.holderPhone,
  holderName: card.holderName,
  issueType: card.issueType,
  validFrom: card.validFrom,
  validTo: card.validTo,
  enabled: card.enabled,
  lost: card.lost,
  stationIds: card.stationIds,
});

/**
 * Starts a session for a swiped card when it is enabled, valid, bound to the station and has a
 * balance (core's ORD-1 checks, capped at the balance: the session stops when the fee reaches it),
 * with the card's balance at the swipe as the cap (one active session per card, a database key).
 * Any rule that refuses it is answered to the reader as CARD_REJECTED with the stable code and a
 * message. Infrastructure failures are thrown, so the ingestion retries the event in place.
 */
export class CardSwipeHandler {
  private readonly now: () => number;
  private readonly logger: AdapterLogger;
  private readonly orderNumbers: OrderNoAllocator;

  constructor(private readonly options: CardSwipeOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.orderNumbers = options.orderNumbers ?? new OrderNoAllocator();
  }

  /** Starts the card's session, or answers the reader why not. */
  async handle(event: CardSwipedEvent, tenantId: string): Promise<void> {
    try {
      const orderNo = await this.start(event, tenantId);
      this.logger.info({ tenantId, serialNo: event.serialNo, orderNo }, 'card swipe started a session');
    } catch (error) {
      if (!isDomainError(error)) throw error;
      await this.refuse(event, error);
      this.logger.info(
        { tenantId, serialNo: event.serialNo, eventId: event.eventId, code: error.code },
        'card swipe refused',
      );
    }
  }

  private async start(event: CardSwipedEvent, tenantId: string): Promise<string> {
    const db = await this.options.tenants.get(tenantId);
    const assets = new AssetRepository(db.em, this.now, WHOLE_TENANT);
    const charger = await assets.getChargerBySerial(event.serialNo);
    const station = await assets.getStation(charger.stationId);
    const card = await swipedCard(db.em, this.now, event.cardNo, station.kind, event.serialNo);
    const order = await startOrder(
      {
        tenantId,
        assets,
        tariffs: new TariffRepository(db.em, this.now, WHOLE_TENANT),
        orders: new ChargingOrderRepository(db.em, this.now, WHOLE_TENANT),
        workflows: this.options.workflows,
        taskQueue: this.options.taskQueue,
        clock: this.now,
        timeouts: this.options.timeouts,
        orderNumbers: this.orderNumbers,
        logger: this.logger,
      },
      {
        startWay: 'CARD',
        chargerSerial: event.serialNo,
        connectorNo: String(event.connectorNo),
        card: coreCard(card),
        balance: card.balance,
        cardNo: event.cardNo,
        phone: card.holderPhone,
      },
    );
    return order.orderNo;
  }

  private async refuse(event: CardSwipedEvent, error: DomainError): Promise<void> {
    await this.options.commands.send({
      type: 'CARD_REJECTED',
      commandId: `card:${event.eventId}`.slice(0, 128),
      serialNo: event.serialNo,
      issuedAt: new Date(this.now()).toISOString(),
      connectorNo: event.connectorNo,
      cardNo: event.cardNo,
      reason: error.code.slice(0, 64),
      message: (error.message || error.code).slice(0, 200),
    });
  }
}

/** The card a reader's number names in the tenant, or CARD_NOT_FOUND. */
async function swipedCard(
  em: EntityManager,
  now: () => number,
  cardNo: string,
  stationKind: 'CAR' | 'EBIKE',
  serialNo: string,
): Promise<CardRecord> {
  const row = await em.fork().findOne(ChargerEntity, { serialNo }, { fields: ['currentType'] });
  const cards = new Cards(em, now, WHOLE_TENANT);
  for (const kind of readerNumbers(stationKind, row?.currentType)) {
    const card = await cards.findByNumber(cardNo, kind);
    if (card !== null) return card;
  }
  throw new DomainError('CARD_NOT_FOUND', `no card ${cardNo}`, { cardNo });
}

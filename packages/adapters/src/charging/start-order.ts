import {
  DomainError,
  checkStartPreconditions,
  parsePrepayOptions,
  isDomainError,
  unwrap,
  type Fen,
  type Funding,
  type OrderTimeouts,
  type StartPreconditions,
  type TariffRef,
  type Card,
} from '@chargeflow/core';
import { prepayReturnNo } from '@chargeflow/workflows';
import type { WorkflowClient } from '@temporalio/client';
import type { PaymentChannel } from '../payments/port.js';
import type { AssetRepository } from '../persistence/repositories/asset-repository.js';
import type { ChargingOrderRepository } from '../persistence/repositories/charging-order-repository.js';
import type { ChargingOrderRecord } from '../persistence/repositories/order-records.js';
import type { TariffRepository } from '../persistence/repositories/tariff-repository.js';
import type { AdapterLogger } from '../kafka/ports.js';
import { serializeError } from '../logging/logger.js';
import { definitionOf, initialStatus, startSessionWorkflow, versionInForce } from './ebike-start.js';
import { prepayPaymentNo, type OrderNoAllocator } from './order-numbers.js';

/** A start request (ORD-1): which connector, how it is funded. CARD starts come from card swipes (cards/swipe.ts). */
export type StartOrderCommand =
  | {
      readonly startWay: 'APP';
      readonly chargerSerial: string;
      readonly connectorNo: string;
      /** The prepay the user pays now (fen). */
      readonly prepay: Fen;
      readonly phone?: string;
      /** The app user (vehicle owner) starting it; their orders are theirs to see (ORG-1 / CARD-4). */
      readonly ownerId?: string;
    }
  | {
      readonly startWay: 'PLATFORM';
      readonly chargerSerial: string;
      readonly connectorNo: string;
      readonly operatorId?: string;
    }
  | {
      readonly startWay: 'CARD';
      readonly chargerSerial: string;
      readonly connectorNo: string;
      /** The swiped card (core's view: state, validity, bound stations). */
      readonly card: Card;
      /** Its balance at the swipe (Σ of its ledger): the session's cap (ORD-6). */
      readonly balance: Fen;
      /** The number the reader sent (chip no. on DC, printed no. on AC and e-bike readers). */
      readonly cardNo: string;
      readonly phone?: string;
    };

/** What starting an order needs (passed in by the composition root). */
export interface StartOrderDeps {
  readonly tenantId: string;
  readonly assets: AssetRepository;
  readonly tariffs: TariffRepository;
  readonly orders: ChargingOrderRepository;
  readonly payments?: PaymentChannel;
  readonly workflows: WorkflowClient;
  readonly taskQueue: string;
  readonly clock: () => number;
  readonly timeouts: OrderTimeouts;
  readonly orderNumbers: OrderNoAllocator;
  /** Where a failed clean-up of an abandoned start is reported. */
  readonly logger?: AdapterLogger;
}

/** How often a taken order no. (another API process took the same second and sequence) is retried. */
const ORDER_NO_ATTEMPTS = 20;

/**
 * ORD-1: loads the asset flags and the tariff in force, lets core judge the start, takes the
 * prepay (app starts), stores the order as STARTING and starts its workflow. Returns the order.
 */
export async function startOrder(
  deps: StartOrderDeps,
  command: StartOrderCommand,
): Promise<ChargingOrderRecord> {
  const at = deps.clock();
  const charger = await deps.assets.getChargerBySerial(command.chargerSerial);
  const station = await deps.assets.getStation(charger.stationId);
  const area = (await deps.assets.listAreas(station.id)).find((a) => a.id === charger.areaId);
  const connector = (await deps.assets.listConnectors(charger.id)).find(
    (c) => c.connectorNo === command.connectorNo,
  );
  const deviceConnectorNo = Number(command.connectorNo);
  if (
    !connector ||
    !Number.isInteger(deviceConnectorNo) ||
    deviceConnectorNo < 1 ||
    deviceConnectorNo > 255
  ) {
    throw new DomainError(
      'CONNECTOR_NOT_FOUND',
      `no connector ${command.connectorNo} on ${charger.serialNo}`,
      {
        chargerSerial: charger.serialNo,
        connectorNo: command.connectorNo,
      },
    );
  }
  const version = versionInForce(
    await deps.tariffs.versionsForArea(charger.areaId),
    at,
    station.timezone,
    station.kind,
  );
  const assets = {
    stationEnabled: station.enabled,
    areaEnabled: area?.enabled ?? false,
    chargerEnabled: charger.enabled,
    connectorEnabled: connector.enabled,
  };
  const tariff: TariffRef | undefined = version && { tariffId: version.tariffId, version: version.version };
  const fundingOf = (paymentNo: string): Funding => {
    if (command.startWay === 'APP') return { kind: 'PREPAY', paymentNo, prepay: command.prepay };
    if (command.startWay === 'CARD')
      return { kind: 'CARD', cardId: command.card.cardId, balance: command.balance };
    return { kind: 'PLATFORM' };
  };
  const definition = version && definitionOf(version, station.kind);
  const prepayOptions = definition ? unwrap(parsePrepayOptions(definition.prepayOptions ?? [])) : [];
  const facts = (funding: Funding, prepayPaid: boolean): StartPreconditions => ({
    stationId: station.id,
    startWay: command.startWay,
    funding,
    assets,
    ...(tariff === undefined ? {} : { tariff }),
    ...(command.startWay === 'APP'
      ? { prepayPaid, prepayLimit: { maxPrepay: station.maxPrepay, options: prepayOptions } }
      : {}),
    ...(command.startWay === 'CARD' ? { card: command.card } : {}),
  });
  // Everything but the payment is judged before money is taken; the payment is judged once taken.
  unwrap(checkStartPreconditions(facts(fundingOf('(unpaid)'), true), at));
  if (command.startWay === 'APP' && deps.payments === undefined) {
    throw new DomainError('PAYMENT_CHANNEL_MISSING', 'no payment channel: app starts cannot pay (ASSET-3)', {
      stationId: station.id,
    });
  }
  const order = await createWithFreshNo(deps, at, (orderNo) => ({
    orderNo,
    kind: station.kind,
    status: initialStatus(station.kind),
    providerId: station.providerId,
    propertyId: station.propertyId,
    stationId: station.id,
    chargerId: charger.id,
    chargerSerial: charger.serialNo,
    connectorId: connector.id,
    connectorNo: connector.connectorNo,
    startWay: command.startWay,
    funding: fundingOf(prepayPaymentNo(orderNo)),
    tariff: tariff ?? { tariffId: '', version: 0 },
    createdAt: at,
    ...(command.startWay === 'APP' && command.phone !== undefined ? { phone: command.phone } : {}),
    ...(command.startWay === 'APP' && command.ownerId !== undefined ? { ownerId: command.ownerId } : {}),
    ...(command.startWay === 'CARD'
      ? { cardNo: command.cardNo, ...(command.phone === undefined ? {} : { phone: command.phone }) }
      : {}),
  }));
  try {
    let prepayPaid = false;
    if (command.startWay === 'APP' && order.funding.kind === 'PREPAY' && deps.payments) {
      const receipt = await deps.payments.pay({
        paymentNo: order.funding.paymentNo,
        orderNo: order.orderNo,
        amount: command.prepay,
        stationId: station.id,
      });
      prepayPaid = receipt.status === 'PAY_SUCCESS';
    }
    unwrap(checkStartPreconditions(facts(order.funding, prepayPaid), at));
    await startSessionWorkflow(deps.workflows, deps.taskQueue, {
      at,
      tenantId: deps.tenantId,
      orderNo: order.orderNo,
      stationId: station.id,
      timeZone: station.timezone,
      serialNo: charger.serialNo,
      connectorNo: deviceConnectorNo,
      startWay: command.startWay,
      funding: order.funding,
      definition: definition!, // checkStartPreconditions refused a start without a tariff (ORDER_START_NO_TARIFF)
      timeouts: deps.timeouts,
      ratedPowerW: charger.ratedPowerW,
      assets,
      ...(command.startWay === 'APP' ? { prepayPaid } : {}),
      ...(command.startWay === 'CARD' ? { card: command.card } : {}),
    });
  } catch (error) {
    await abandonStart(deps, order, error);
    throw error;
  }
  return order;
}

/**
 * No workflow owns the order yet, so this service ends it: ABNORMAL (ORD-2), and a prepay already
 * taken is returned under the same refund no. the workflow would use (so a start that did happen
 * after all cannot return it twice). Failures here are logged; the caller sees the original error.
 */
async function abandonStart(deps: StartOrderDeps, order: ChargingOrderRecord, cause: unknown): Promise<void> {
  try {
    await deps.orders.recordProgress(order.orderNo, { status: 'ABNORMAL', at: deps.clock() });
    if (order.funding.kind === 'PREPAY' && deps.payments) {
      await deps.payments.refund({
        refundNo: prepayReturnNo(order.orderNo),
        orderNo: order.orderNo,
        paymentNo: order.funding.paymentNo,
        type: 'PREPAY_RETURN',
        amount: order.funding.prepay,
        reason: 'the start failed',
      });
    }
  } catch (error) {
    if (!isDomainError(error, 'PAYMENT_NOT_FOUND')) {
      deps.logger?.error(
        { orderNo: order.orderNo, err: error, cause: serializeError(cause) },
        'could not abandon the start',
      );
    }
  }
}

/** Creates the order under a fresh order no.; a number taken elsewhere is replaced by the next one. */
async function createWithFreshNo(
  deps: StartOrderDeps,
  at: number,
  build: (orderNo: string) => Parameters<ChargingOrderRepository['create']>[0],
): Promise<ChargingOrderRecord> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.orders.create(build(deps.orderNumbers.next('CHARGING', at)));
    } catch (error) {
      if (!isDomainError(error, 'ORDER_ALREADY_EXISTS') || attempt >= ORDER_NO_ATTEMPTS) throw error;
    }
  }
}

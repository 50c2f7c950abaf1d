import { DomainError, type Bill, type OrderTimeouts, type StopReason } from '@chargeflow/core';
import {
  chargingWorkflowId,
  liveStatusQuery,
  operatorEndUpdate,
  requestStopUpdate,
  type LiveStatus,
  type OperatorEndRequest,
} from '@chargeflow/workflows';
import { WorkflowNotFoundError, type WorkflowClient } from '@temporalio/client';
import type { AdapterLogger } from '../kafka/ports.js';
import type { PaymentChannel } from '../payments/port.js';
import type { AssetRepository } from '../persistence/repositories/asset-repository.js';
import type { ChargingOrderRepository } from '../persistence/repositories/charging-order-repository.js';
import type { OrderListFilters, OrderPage } from '../persistence/repositories/order-list.js';
import { canonicalJson, type ChargingOrderRecord } from '../persistence/repositories/order-records.js';
import type { OrderFeeRecord } from '../persistence/repositories/order-fee-records.js';
import type { TariffRepository } from '../persistence/repositories/tariff-repository.js';
import { InMemoryIdempotencyStore, type IdempotencyStore } from './idempotency.js';
import { OrderNoAllocator } from './order-numbers.js';
import { domainErrorOfFailure } from '../temporal/workflow-failures.js';
import { startOrder, type StartOrderCommand } from './start-order.js';

/** Everything the charging application service works with; the composition root builds it. */
export interface ChargingServiceDeps {
  /** The tenant whose database the repositories use (part of every workflow id). */
  readonly tenantId: string;
  readonly assets: AssetRepository;
  readonly tariffs: TariffRepository;
  readonly orders: ChargingOrderRepository;
  /** The channel app starts pay their prepay through (the sandbox locally); without it app starts fail. */
  readonly payments?: PaymentChannel;
  /** A Temporal workflow client built with `dataConverter: { payloadConverterPath }`. */
  readonly workflows: WorkflowClient;
  readonly taskQueue: string;
  /** Epoch ms; the only clock of the service. */
  readonly clock: () => number;
  readonly timeouts: OrderTimeouts;
  /** Where Idempotency-Keys are remembered; a process-local store unless given. */
  readonly idempotency?: IdempotencyStore;
  /**
   * Whose keys these are (`<tenant>:<caller>`): a key is remembered per tenant and caller, so the
   * same key from another caller never replays (or reveals) someone else's order.
   */
  readonly idempotencyScope?: string;
  /** The process's order-number allocator (shared by every tenant's service in the process). */
  readonly orderNumbers?: OrderNoAllocator;
  /** Where failures that cannot reach the caller are logged (pino). */
  readonly logger?: AdapterLogger;
}

/** An order as the API shows it: the stored record, the live view while active, the bill once settled. */
export interface OrderDetail {
  readonly order: ChargingOrderRecord;
  /** The workflow's `liveStatus` while the order is active; null once settled or when it cannot answer. */
  readonly live: LiveStatus | null;
  readonly bill: Bill | null;
  /** TAR-12: fees beyond the bill (the occupancy fee of the stay), once priced. */
  readonly fees: readonly OrderFeeRecord[];
}

/** A stop request (ORD-4); `requestId` makes a retried stop a no-op. */
export interface StopOrderCommand {
  readonly by: 'USER' | 'OPERATOR';
  readonly reason?: StopReason;
  readonly requestId?: string;
}

/** Order states a workflow is still driving. */
const ACTIVE = new Set(['STARTING', 'CHARGING', 'STOPPING', 'SUSPENDED']);

/** Starts, stops and shows car charging orders (ORD-1, ORD-4, ORD-9) over the repositories and Temporal. */
export class ChargingService {
  private readonly idempotency: IdempotencyStore;
  private readonly orderNumbers: OrderNoAllocator;

  constructor(private readonly deps: ChargingServiceDeps) {
    this.idempotency = deps.idempotency ?? new InMemoryIdempotencyStore();
    this.orderNumbers = deps.orderNumbers ?? new OrderNoAllocator();
  }

  /** ORD-1: starts an order; with a key, a repeated request returns the first order (`replayed`). */
  async start(
    command: StartOrderCommand,
    idempotencyKey?: string,
  ): Promise<{ readonly detail: OrderDetail; readonly replayed: boolean }> {
    const create = async () =>
      (await startOrder({ ...this.deps, orderNumbers: this.orderNumbers }, command)).orderNo;
    const outcome =
      idempotencyKey === undefined
        ? { orderNo: await create(), replayed: false }
        : await this.idempotency.once(
            `${this.deps.idempotencyScope ?? this.deps.tenantId}:${idempotencyKey}`,
            canonicalJson(command),
            create,
          );
    return { detail: await this.get(outcome.orderNo), replayed: outcome.replayed };
  }

  /** ORD-4: asks the order's workflow to stop (update `requestStop`); answers its live status. */
  async stop(orderNo: string, command: StopOrderCommand): Promise<LiveStatus> {
    const order = await this.deps.orders.get(orderNo);
    if (!ACTIVE.has(order.status)) throw notActive(order);
    try {
      return await this.handle(orderNo).executeUpdate(requestStopUpdate, { args: [command] });
    } catch (error) {
      throw asDomainError(error, order);
    }
  }

  /**
   * ORD-5: the operator ends the order (update `operatorEnd`) from STARTING, CHARGING, STOPPING or
   * SUSPENDED; the workflow settles it at once with the last reported meter and sends the device a
   * stop. An ABNORMAL order already cost nothing (ORD-2): ending it changes nothing and answers null.
   * A COMPLETED (e-bike: ENDED) order is ORDER_ALREADY_COMPLETED. E-bike orders may be ended with a
   * duration the operator enters (`durationS`, ORD-5; checked by the workflow: EBIKE_END_DURATION_INVALID).
   */
  async end(
    orderNo: string,
    request: OperatorEndRequest & { readonly durationS?: number },
  ): Promise<LiveStatus | null> {
    const order = await this.deps.orders.get(orderNo);
    if (order.status === 'COMPLETED' || order.status === 'ENDED') {
      throw new DomainError('ORDER_ALREADY_COMPLETED', `order ${orderNo} is already ${order.status}`, {
        orderNo,
        status: order.status,
      });
    }
    if (request.durationS !== undefined && order.kind !== 'EBIKE') throw durationNotApplicable(order);
    if (order.status === 'ABNORMAL') return null;
    try {
      return await this.handle(orderNo).executeUpdate(operatorEndUpdate, { args: [request] });
    } catch (error) {
      throw asDomainError(error, order);
    }
  }

  /** ORD-9 detail: the live view while a workflow drives the order, the stored record and bill after. */
  async get(orderNo: string): Promise<OrderDetail> {
    const order = await this.deps.orders.get(orderNo);
    const fees = await this.deps.orders.getFees(orderNo);
    if (order.settledAt !== null) {
      return { order, live: null, bill: await this.deps.orders.getBill(orderNo), fees };
    }
    let live: LiveStatus | null = null;
    if (ACTIVE.has(order.status)) {
      try {
        live = await this.handle(orderNo).query(liveStatusQuery);
      } catch {
        live = null; // the workflow is gone or unreachable: the stored record is the answer
      }
    }
    return { order, live, bill: null, fees };
  }

  /** ORD-9: searches orders; the default window is the 7 days before the service's clock. */
  list(filters: Omit<OrderListFilters, 'now'>): Promise<OrderPage> {
    return this.deps.orders.list({ ...filters, now: this.deps.clock() });
  }

  private handle(orderNo: string) {
    return this.deps.workflows.getHandle(chargingWorkflowId(this.deps.tenantId, orderNo));
  }
}

const durationNotApplicable = (order: ChargingOrderRecord) =>
  new DomainError(
    'ORDER_END_DURATION_NOT_APPLICABLE',
    'only e-bike orders end with an entered duration (ORD-5)',
    {
      orderNo: order.orderNo,
      kind: order.kind,
    },
  );

const notActive = (order: ChargingOrderRecord) =>
  new DomainError('ORDER_NOT_ACTIVE', `order ${order.orderNo} is ${order.status}`, {
    orderNo: order.orderNo,
    status: order.status,
  });

/** Workflow failures carry core's code as the ApplicationFailure type; surface them as DomainErrors. */
function asDomainError(error: unknown, order: ChargingOrderRecord): unknown {
  if (error instanceof WorkflowNotFoundError) return notActive(order);
  return domainErrorOfFailure(error) ?? error;
}

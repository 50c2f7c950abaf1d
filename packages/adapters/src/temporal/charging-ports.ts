// The real implementations of the charging workflow's ports (`ChargingPorts` of @chargeflow/workflows):
// Kafka for device commands, MikroORM repositories for orders, the payment channel for prepay returns,
// the card ledger for card debits, each over the database of the tenant named in the activity's
// request (TEN-7).
import { ApplicationFailure } from '@temporalio/client';
import type { DeviceCommand } from '@chargeflow/core';
import type {
  CardDebitRequest,
  CardLedger,
  ChargingPorts,
  DeviceCommands,
  OrderProgress,
  OrderStore,
  PaymentChannel,
  PrepayReturnRequest,
  SettlementRecord,
} from '@chargeflow/workflows';
import { DatabaseCardLedger } from '../cards/card-ledger.js';
import { isKafkaAdapterError } from '../kafka/errors.js';
import type { DeviceCommandBus } from '../kafka/ports.js';
import { ChargingOrderRepository } from '../persistence/repositories/charging-order-repository.js';
import { TenancyError } from '../tenancy/errors.js';
import type { TenantDatabase, TenantDatabases } from '../tenancy/ports.js';

/** ApplicationFailure type of a refund when no payment channel is wired (non-retryable). */
export const PAYMENT_CHANNEL_NOT_CONFIGURED = 'PAYMENT_CHANNEL_NOT_CONFIGURED';
/** ApplicationFailure type of a port call for a tenant the platform does not know (non-retryable). */
export const TENANT_NOT_CONFIGURED = 'TENANT_NOT_CONFIGURED';
/**
 * ApplicationFailure type of a port call whose tenant exists but whose database cannot be used now
 * (not provisioned, or its server unreachable): RETRYABLE, so the activity waits under the
 * workflow's retry policy (records and money: without limit) until the database is back.
 */
export const TENANT_DATABASE_NOT_READY = 'TENANT_DATABASE_NOT_READY';

/** What one tenant's ports write to (each tenant has its own database, TEN-7). */
export interface TenantBackends {
  readonly orders: ChargingOrderRepository;
  readonly payments: PaymentChannel;
  readonly cards: CardLedger;
}

/**
 * Finds a tenant's backends for one port call. Rejects with a non-retryable `TENANT_NOT_CONFIGURED`
 * failure for an unknown tenant and a retryable `TENANT_DATABASE_NOT_READY` one when its database
 * cannot be opened now.
 */
export type TenantResolver = (tenantId: string) => Promise<TenantBackends>;

/** What `tenantResolver` builds the backends from. */
export interface TenantResolverOptions {
  readonly tenants: Pick<TenantDatabases, 'get'>;
  /** The card ledger of a tenant's database; default `DatabaseCardLedger` (the card tables of migration 0006). */
  readonly cards?: (tenant: TenantDatabase) => CardLedger;
  /**
   * The payment channels of a tenant's stations (`PaymentServices.channels`, ASSET-3); default
   * `UnsupportedPaymentChannel` (prepay returns fail PAYMENT_CHANNEL_NOT_CONFIGURED).
   */
  readonly payments?: (tenant: TenantDatabase) => PaymentChannel;
  readonly now?: () => number;
}

/**
 * The resolver of a multi-tenant worker: every call resolves the tenant's own database
 * (`TenantDatabases.get`: a lazy, pooled ORM per tenant) and builds the backends over it, with the
 * whole-tenant scope (the workflow is the single writer of its order). Nothing is cached here
 * beyond the pools, so a tenant configured after the worker started is served at once.
 */
export function tenantResolver(options: TenantResolverOptions): TenantResolver {
  const now = options.now ?? Date.now;
  const cards = options.cards ?? ((db: TenantDatabase) => new DatabaseCardLedger(db.em, now));
  const payments = options.payments ?? (() => new UnsupportedPaymentChannel());
  return async (tenantId) => {
    const db = await openTenant(options.tenants, tenantId);
    return {
      orders: new ChargingOrderRepository(db.em, now),
      payments: payments(db),
      cards: cards(db),
    };
  };
}

/** `TenantDatabases.get` with its tenancy errors as Temporal failures (see `TenantResolver`). */
async function openTenant(tenants: Pick<TenantDatabases, 'get'>, tenantId: string): Promise<TenantDatabase> {
  try {
    return await tenants.get(tenantId);
  } catch (error) {
    if (!(error instanceof TenancyError)) throw error;
    if (error.code === 'TENANT_NOT_FOUND') {
      throw ApplicationFailure.nonRetryable(
        `tenant "${tenantId}" is not configured on this platform`,
        TENANT_NOT_CONFIGURED,
        { tenantId },
      );
    }
    if (error.code === 'TENANT_DATABASE_NOT_READY') {
      throw ApplicationFailure.retryable(error.message, TENANT_DATABASE_NOT_READY, {
        ...error.details,
        tenantId,
      });
    }
    throw error;
  }
}

/**
 * `DeviceCommands` over the Kafka command bus. A command the bus refuses as invalid
 * (`DEVICE_COMMAND_INVALID`) becomes a non-retryable failure: sending it again cannot help, and the
 * workflow's start/stop timeout then decides (ORD-2, ORD-4). Broker errors stay retryable.
 */
export class KafkaDeviceCommands implements DeviceCommands {
  constructor(private readonly bus: DeviceCommandBus) {}

  /** Publishes the command (keyed by serial); idempotent downstream by `commandId`. */
  async sendCommand(command: DeviceCommand): Promise<void> {
    try {
      await this.bus.send(command);
    } catch (error) {
      if (isKafkaAdapterError(error, 'DEVICE_COMMAND_INVALID')) {
        throw ApplicationFailure.nonRetryable(error.message, error.code, error.details);
      }
      throw error;
    }
  }
}

const CHARGING = 'CHARGING';

/**
 * `OrderStore` over `ChargingOrderRepository`. Progress is ordered by `at` (the repository never
 * lets an older status overwrite a newer one, nor touches a settled order); the settlement and its
 * bill lines are written once per order no. (a repeat with the same settlement is a no-op).
 * The order row must exist (the API creates it before starting the workflow); until it does, the
 * activity fails with ORDER_NOT_FOUND and is retried.
 */
export class RepositoryOrderStore implements OrderStore {
  constructor(private readonly orders: (tenantId: string) => Promise<ChargingOrderRepository>) {}

  /** Upserts the status and the start meter core accepted (for `energy_wh`). */
  async recordProgress(progress: OrderProgress): Promise<void> {
    const repository = await this.orders(progress.tenantId);
    let startMeterWh = progress.startMeter?.energyWh;
    if (startMeterWh === undefined && progress.status === CHARGING && progress.lastMeter !== undefined) {
      // The device's start reply carried no meter: fall back to the first meter seen on CHARGING.
      const current = await repository.get(progress.orderNo);
      if (current.startMeterWh === null) startMeterWh = progress.lastMeter.energyWh;
    }
    await repository.recordProgress(progress.orderNo, {
      status: progress.status,
      at: progress.at,
      ...(progress.startedAt === undefined ? {} : { startedAt: progress.startedAt }),
      ...(startMeterWh === undefined ? {} : { startMeterWh }),
      ...(progress.watchWh === undefined ? {} : { watchWh: progress.watchWh }),
    });
  }

  /** Writes the settlement and its bill lines exactly once (ORD-6, ORD-7). */
  async recordSettlement(record: SettlementRecord): Promise<void> {
    const repository = await this.orders(record.tenantId);
    await repository.recordSettlement(record.orderNo, record.settlement, record.bill);
  }
}

/** The payment side of a deployment that wired none: every refund fails visibly (non-retryable). */
export class UnsupportedPaymentChannel implements PaymentChannel {
  /** Always throws `PAYMENT_CHANNEL_NOT_CONFIGURED` (non-retryable). */
  refund(request: PrepayReturnRequest): Promise<never> {
    return Promise.reject(
      ApplicationFailure.nonRetryable(
        `no payment channel is configured: cannot refund ${request.refundNo}`,
        PAYMENT_CHANNEL_NOT_CONFIGURED,
        { orderNo: request.orderNo, refundNo: request.refundNo },
      ),
    );
  }
}

/**
 * Builds the charging workflow's ports: commands over the given bus, everything else over the
 * database of the tenant each request names (`tenantId` of the workflow input), resolved per call.
 */
export function createChargingPorts(options: {
  readonly commands: DeviceCommandBus;
  readonly tenants: TenantResolver;
}): ChargingPorts {
  const { tenants } = options;
  return {
    commands: new KafkaDeviceCommands(options.commands),
    orders: new RepositoryOrderStore(async (tenantId) => (await tenants(tenantId)).orders),
    payments: {
      refund: async (request: PrepayReturnRequest) =>
        (await tenants(request.tenantId)).payments.refund(request),
    },
    cards: {
      debit: async (request: CardDebitRequest) => (await tenants(request.tenantId)).cards.debit(request),
    },
  };
}

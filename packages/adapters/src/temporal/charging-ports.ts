// The real implementations of the charging workflow's ports (`ChargingPorts` of @chargeflow/workflows):
// Kafka for device commands, MikroORM repositories for orders, the payment channel for prepay returns.
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
import { isKafkaAdapterError } from '../kafka/errors.js';
import type { DeviceCommandBus } from '../kafka/ports.js';
import type { ChargingOrderRepository } from '../persistence/repositories/charging-order-repository.js';

/** ApplicationFailure type of a card debit when no card ledger is wired (non-retryable). */
export const CARD_LEDGER_NOT_CONFIGURED = 'CARD_LEDGER_NOT_CONFIGURED';
/** ApplicationFailure type of a port call for a tenant this process does not serve (non-retryable). */
export const TENANT_NOT_CONFIGURED = 'TENANT_NOT_CONFIGURED';

/** What one tenant's ports write to (each tenant has its own database, TEN-7). */
export interface TenantBackends {
  readonly orders: ChargingOrderRepository;
  readonly payments: PaymentChannel;
  readonly cards: CardLedger;
}

/** Finds a tenant's backends; throws a non-retryable `TENANT_NOT_CONFIGURED` failure for an unknown tenant. */
export type TenantResolver = (tenantId: string) => TenantBackends;

/**
 * The resolver of a single-tenant deployment: `tenantId` is the only tenant served (by default
 * `default`, from `CHARGEFLOW_TENANT_ID`). A request for any other tenant fails without retries.
 */
export function singleTenant(tenantId: string, backends: TenantBackends): TenantResolver {
  return (requested) => {
    if (requested !== tenantId) {
      throw ApplicationFailure.nonRetryable(
        `tenant "${requested}" is not served by this worker (it serves "${tenantId}")`,
        TENANT_NOT_CONFIGURED,
        { requested, served: tenantId },
      );
    }
    return backends;
  };
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
  constructor(private readonly orders: (tenantId: string) => ChargingOrderRepository) {}

  /** Upserts the status and the start meter core accepted (for `energy_wh`). */
  async recordProgress(progress: OrderProgress): Promise<void> {
    const repository = this.orders(progress.tenantId);
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
    });
  }

  /** Writes the settlement and its bill lines exactly once (ORD-6, ORD-7). */
  async recordSettlement(record: SettlementRecord): Promise<void> {
    await this.orders(record.tenantId).recordSettlement(record.orderNo, record.settlement, record.bill);
  }
}

/**
 * The card ledger of a deployment that has none yet: every debit fails with the non-retryable
 * `CARD_LEDGER_NOT_CONFIGURED`, so a card-funded session's workflow fails visibly at settlement
 * instead of retrying forever. The settlement itself is already stored when the debit is attempted.
 */
export class UnsupportedCardLedger implements CardLedger {
  /** Always throws `CARD_LEDGER_NOT_CONFIGURED` (non-retryable). */
  debit(request: CardDebitRequest): Promise<void> {
    return Promise.reject(
      ApplicationFailure.nonRetryable(
        `no card ledger is configured: cannot debit card ${request.cardId} for order ${request.orderNo}`,
        CARD_LEDGER_NOT_CONFIGURED,
        { orderNo: request.orderNo, entryNo: request.entryNo },
      ),
    );
  }
}

/** Builds the charging workflow's ports: commands over Kafka, everything else per tenant. */
export function createChargingPorts(options: {
  readonly commands: DeviceCommandBus;
  readonly tenants: TenantResolver;
}): ChargingPorts {
  const { tenants } = options;
  return {
    commands: new KafkaDeviceCommands(options.commands),
    orders: new RepositoryOrderStore((tenantId) => tenants(tenantId).orders),
    payments: {
      refund: async (request: PrepayReturnRequest) => tenants(request.tenantId).payments.refund(request),
    },
    cards: { debit: async (request: CardDebitRequest) => tenants(request.tenantId).cards.debit(request) },
  };
}

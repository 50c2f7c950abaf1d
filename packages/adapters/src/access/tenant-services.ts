import type { OrderTimeouts, PasswordHasher } from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import type { WorkflowClient } from '@temporalio/client';
import { ChargingService } from '../charging/charging-service.js';
import type { IdempotencyStore } from '../charging/idempotency.js';
import type { OrderNoAllocator } from '../charging/order-numbers.js';
import type { AdapterLogger } from '../kafka/ports.js';
import type { PaymentChannel } from '../payments/port.js';
import { AssetRepository } from '../persistence/repositories/asset-repository.js';
import { AuditLog } from '../persistence/repositories/audit-log.js';
import { CardProducts } from '../persistence/repositories/card-products.js';
import { Cards } from '../persistence/repositories/cards.js';
import { Members } from '../persistence/repositories/members.js';
import { VehicleOwnerDirectory } from '../persistence/repositories/vehicle-owner-directory.js';
import { ChargingOrderRepository } from '../persistence/repositories/charging-order-repository.js';
import { DepartmentDirectory } from '../persistence/repositories/department-directory.js';
import { PostDirectory } from '../persistence/repositories/post-directory.js';
import { PropertyDirectory } from '../persistence/repositories/property-directory.js';
import { ProviderDirectory } from '../persistence/repositories/provider-directory.js';
import { RoleDirectory } from '../persistence/repositories/role-directory.js';
import { StaffDirectory } from '../persistence/repositories/staff-directory.js';
import { UserAdmin } from '../persistence/repositories/user-admin.js';
import { StationMoneyConfigs } from '../persistence/repositories/station-money-config.js';
import { RefundService, type RefundTimings } from '../payments/refund-service.js';
import { InvoiceService, type InvoiceTimings } from '../invoices/invoice-service.js';
import { SplitService, type SplitTimings } from '../payments/split-service.js';
import { TariffRepository } from '../persistence/repositories/tariff-repository.js';
import { VehicleOwners } from '../persistence/repositories/vehicle-owners.js';
import { ParkingAssets } from '../persistence/repositories/parking-assets.js';
import { Whitelist } from '../persistence/repositories/whitelist.js';
import { ReservationService } from '../reservations/reservation-service.js';
import { OccupancyRecords } from '../reservations/occupancy-records.js';
import { CameraCommands } from '../cameras/camera-commands.js';
import { SnapshotRecords } from '../cameras/snapshot-records.js';
import type { SnapshotStore } from '../cameras/snapshot-store.js';
import type { DeviceCommandBus } from '../kafka/ports.js';
import type { QueryScope } from '../persistence/scope.js';
import { registerCharger } from '../assets/register-charger.js';
import { EbikeDevices } from '../assets/ebike-devices.js';
import type { NewCharger } from '../persistence/repositories/asset-repository.js';
import type { ChargerRecord } from '../persistence/repositories/asset-records.js';
import { WHOLE_TENANT } from '../persistence/scope.js';
import type { DeviceRegistry, TenantDatabase } from '../tenancy/ports.js';
import type { SecretBox } from '../tenancy/secrets.js';
import { callerRef, type Caller } from './caller.js';

/**
 * One tenant's services for one caller: every repository works on the tenant's own database (TEN-7)
 * and is bound to the caller's scope (ORG-1), so a handler cannot read outside it by mistake.
 */
export interface TenantServices {
  readonly tenantId: string;
  readonly caller: Caller | null;
  readonly scope: QueryScope;
  readonly em: EntityManager;
  readonly assets: AssetRepository;
  readonly tariffs: TariffRepository;
  readonly orders: ChargingOrderRepository;
  readonly charging: ChargingService;
  readonly staff: StaffDirectory;
  /** ORG-4: edit, enable/disable, delete, unbind, reset password of existing users. */
  readonly users: UserAdmin;
  readonly providers: ProviderDirectory;
  readonly properties: PropertyDirectory;
  readonly roles: RoleDirectory;
  readonly departments: DepartmentDirectory;
  readonly posts: PostDirectory;
  readonly owners: VehicleOwners;
  readonly audit: AuditLog;
  /** CARD-1, CARD-2: card products and collective accounts in scope. */
  readonly cardProducts: CardProducts;
  /** CARD-2, CARD-3: cards and their ledgers in scope. */
  readonly cards: Cards;
  /** CARD-4: members (card holders) in scope. */
  readonly members: Members;
  /** CARD-4: vehicle owners (app users) in the back office, in scope. */
  readonly vehicleOwners: VehicleOwnerDirectory;
  /** ASSET-2, ASSET-3: station payment and invoice configuration (secrets sealed). */
  readonly moneyConfigs: StationMoneyConfigs;
  /** REF-1, REF-2, PAY-1: fee refunds (refundWorkflow), retries, the payment and refund searches. */
  readonly refunds: RefundService;
  /** INV-1..INV-3: invoices (invoiceWorkflow), reissue, void, PDF, search. */
  readonly invoices: InvoiceService;
  /** SPL-1: split settlements in scope: search, retry, reverse (splitWorkflow rounds). */
  readonly splits: SplitService;
  /** ASSET-6: parking spaces, cameras and the chargers' RES-1 / TAR-12 flags in scope. */
  readonly parking: ParkingAssets;
  /** RES-4: the plate whitelist in scope. */
  readonly whitelist: Whitelist;
  /** RES-1 … RES-3: booking, cancel, platform end and the search (reservationWorkflow runs each). */
  readonly reservations: ReservationService;
  /** TAR-12: occupancy records of cars that parked without a reservation, in scope. */
  readonly occupancy: OccupancyRecords;
  /** SPEC §14, ASSET-6: restart, clock, snapshot, lock-state and lock commands to cameras in scope. */
  readonly cameraCommands: CameraCommands;
  /** SPEC §14: the snapshot images of cameras in scope. */
  readonly snapshots: SnapshotRecords;
  /** ASSET-5: creates a charger in scope and registers its serial platform-wide (device registry). */
  registerCharger(input: NewCharger): Promise<ChargerRecord>;
  /** ASSET-7: e-bike device nameplates; deleting e-bike devices and areas (serials released). */
  readonly ebikeDevices: EbikeDevices;
}

/** What every tenant's services share in a process (built once by the composition root). */
export interface SharedTenantDependencies {
  readonly clock: () => number;
  readonly hasher: PasswordHasher;
  /** A Temporal workflow client with chargeflow's payload converter. */
  readonly workflows: WorkflowClient;
  readonly taskQueue: string;
  readonly timeouts: OrderTimeouts;
  /** The payment channels of a tenant's stations (ASSET-3), recording payments in its database. */
  readonly payments: (em: EntityManager, tenantId: string) => PaymentChannel;
  readonly orderNumbers: OrderNoAllocator;
  readonly idempotency: IdempotencyStore;
  /** The platform's device registry (serial → tenant). */
  readonly devices: DeviceRegistry;
  /** Seals station channel secrets (CHARGEFLOW_SECRET_KEY), as it seals datasource passwords. */
  readonly secrets: SecretBox;
  /** How refundWorkflow waits for the channel (tests shorten it). */
  readonly refundTimings?: RefundTimings;
  /** How invoiceWorkflow polls the invoicing provider (tests shorten it). */
  readonly invoiceTimings?: InvoiceTimings;
  /** How splitWorkflow rounds wait for the channel (tests shorten it). */
  readonly splitTimings?: SplitTimings;
  /** How the API reaches devices (camera commands); absent: DEVICE_COMMANDS_UNAVAILABLE. */
  readonly commands?: DeviceCommandBus;
  /** Where camera snapshots are read from; absent: SNAPSHOT_STORE_UNAVAILABLE. */
  readonly snapshots?: SnapshotStore;
  readonly logger?: AdapterLogger;
}

/** Builds a tenant's services over its database for a caller's scope. */
export function createTenantServices(
  db: TenantDatabase,
  scope: QueryScope,
  shared: SharedTenantDependencies,
  caller: Caller | null,
): TenantServices {
  const { clock } = shared;
  // App users start orders at any charger of the tenant (its assets are what the app shows), but
  // see only their own orders: assets and tariffs are read for the whole tenant, orders by owner.
  const assetScope = scope.kind === 'OWNER' ? WHOLE_TENANT : scope;
  const assets = new AssetRepository(db.em, clock, assetScope);
  const tariffs = new TariffRepository(db.em, clock, assetScope);
  const orders = new ChargingOrderRepository(db.em, clock, scope);
  const who = callerRef(caller);
  const charging = new ChargingService({
    tenantId: db.tenantId,
    assets,
    tariffs,
    orders,
    payments: shared.payments(db.em, db.tenantId),
    workflows: shared.workflows,
    taskQueue: shared.taskQueue,
    clock,
    timeouts: shared.timeouts,
    idempotency: shared.idempotency,
    idempotencyScope: `${db.tenantId}:${who.kind}:${who.id}`,
    orderNumbers: shared.orderNumbers,
    ...(shared.logger === undefined ? {} : { logger: shared.logger }),
  });
  const staff = new StaffDirectory(db.em, clock, db.tenantId, shared.hasher, scope);
  const selfId = caller?.kind === 'STAFF' ? caller.id : null;
  const parking = new ParkingAssets(db.em, clock, scope, (serialNo) =>
    shared.devices.register(serialNo, db.tenantId),
  );
  return {
    tenantId: db.tenantId,
    caller,
    scope,
    em: db.em,
    assets,
    tariffs,
    orders,
    charging,
    staff,
    users: new UserAdmin(db.em, db.tenantId, shared.hasher, scope, staff, selfId),
    providers: new ProviderDirectory(db.em, clock, db.tenantId, shared.hasher, scope),
    properties: new PropertyDirectory(db.em, clock, db.tenantId, shared.hasher, scope),
    roles: new RoleDirectory(db.em, clock, db.tenantId, scope),
    departments: new DepartmentDirectory(db.em, clock, db.tenantId, scope),
    posts: new PostDirectory(db.em, clock, db.tenantId, scope),
    owners: new VehicleOwners(db.em, clock),
    audit: new AuditLog(db.em),
    cardProducts: new CardProducts(db.em, clock, scope),
    cards: new Cards(db.em, clock, scope),
    members: new Members(db.em, clock, scope),
    vehicleOwners: new VehicleOwnerDirectory(db.em, clock, scope),
    moneyConfigs: new StationMoneyConfigs(db.em, clock, shared.secrets, db.tenantId, scope),
    refunds: new RefundService({
      em: db.em,
      tenantId: db.tenantId,
      scope,
      orders,
      workflows: shared.workflows,
      taskQueue: shared.taskQueue,
      clock,
      ...(shared.refundTimings === undefined ? {} : { timings: shared.refundTimings }),
    }),
    invoices: new InvoiceService({
      em: db.em,
      tenantId: db.tenantId,
      scope,
      orders,
      workflows: shared.workflows,
      taskQueue: shared.taskQueue,
      clock,
      ...(shared.invoiceTimings === undefined ? {} : { timings: shared.invoiceTimings }),
    }),
    splits: new SplitService({
      em: db.em,
      tenantId: db.tenantId,
      scope,
      workflows: shared.workflows,
      taskQueue: shared.taskQueue,
      clock,
      ...(shared.splitTimings === undefined ? {} : { timings: shared.splitTimings }),
    }),
    parking,
    whitelist: new Whitelist(db.em, clock, scope),
    reservations: new ReservationService({
      em: db.em,
      tenantId: db.tenantId,
      scope,
      clock,
      workflows: shared.workflows,
      taskQueue: shared.taskQueue,
      numbers: shared.orderNumbers,
    }),
    occupancy: new OccupancyRecords(db.em, scope),
    cameraCommands: new CameraCommands({ em: db.em, parking, commands: shared.commands, clock }),
    snapshots: new SnapshotRecords({ tenantId: db.tenantId, parking, store: shared.snapshots }),
    registerCharger: (input) =>
      registerCharger(
        {
          tenantId: db.tenantId,
          assets,
          wholeTenant: new AssetRepository(db.em, clock, WHOLE_TENANT),
          devices: shared.devices,
          ...(shared.logger === undefined ? {} : { logger: shared.logger }),
        },
        input,
      ),
    ebikeDevices: new EbikeDevices({
      em: db.em,
      tenantId: db.tenantId,
      scope: assetScope,
      assets,
      devices: shared.devices,
      clock,
      ...(shared.logger === undefined ? {} : { logger: shared.logger }),
    }),
  };
}

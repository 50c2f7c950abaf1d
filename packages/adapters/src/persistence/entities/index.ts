import {
  AreaEntity,
  ChargerEntity,
  ConnectorEntity,
  PropertyEntity,
  ProviderEntity,
  StationEntity,
} from './assets.js';
import {
  AuditEntryEntity,
  RoleEntity,
  StaffUserEntity,
  UserRoleEntity,
  UserStationEntity,
  VehicleOwnerEntity,
} from './access.js';
import { DepartmentEntity, PostEntity } from './organisation.js';
import {
  CardEntity,
  CardLedgerEntity,
  CardProductEntity,
  CollectiveAccountEntity,
  CollectiveLedgerEntity,
  MemberEntity,
} from './cards.js';
import { BillLineEntity, ChargingOrderEntity } from './charging-order.js';
import { PaymentCallbackEntity, PaymentEntity, RefundEntity } from './payments.js';
import { InvoiceEntity, InvoicePdfEntity } from './invoices.js';
import { StationInvoiceConfigEntity, StationPaymentConfigEntity } from './station-money.js';
import { SplitPartEntity, SplitRecordEntity } from './splits.js';
import { TariffVersionEntity } from './tariff-version.js';
import { CameraEntity, ParkingSpaceEntity, ReservationEntity, WhitelistEntryEntity } from './reservations.js';
import { OccupancyRecordEntity } from './occupancy.js';
import { OrderFeeEntity } from './order-fees.js';
import { EbikeDeviceEntity } from './ebike-device.js';
import { SessionSampleEntity } from './session-sample.js';

export * from './access.js';
export * from './assets.js';
export * from './cards.js';
export * from './charging-order.js';
export * from './organisation.js';
export * from './payments.js';
export * from './station-money.js';
export * from './splits.js';
export * from './tariff-version.js';
export * from './invoices.js';
export * from './reservations.js';
export * from './occupancy.js';
export * from './order-fees.js';
export * from './ebike-device.js';
export * from './session-sample.js';

/** Every entity of a tenant's business database; pass to `openOrm({ url, entities: CHARGEFLOW_ENTITIES })`. */
export const CHARGEFLOW_ENTITIES = [
  ProviderEntity,
  PropertyEntity,
  StationEntity,
  AreaEntity,
  ChargerEntity,
  ConnectorEntity,
  TariffVersionEntity,
  ChargingOrderEntity,
  BillLineEntity,
  PaymentEntity,
  RefundEntity,
  PaymentCallbackEntity,
  StaffUserEntity,
  RoleEntity,
  UserRoleEntity,
  UserStationEntity,
  VehicleOwnerEntity,
  AuditEntryEntity,
  DepartmentEntity,
  PostEntity,
  CardProductEntity,
  CollectiveAccountEntity,
  CollectiveLedgerEntity,
  CardEntity,
  CardLedgerEntity,
  MemberEntity,
  StationPaymentConfigEntity,
  StationInvoiceConfigEntity,
  InvoiceEntity,
  InvoicePdfEntity,
  SplitRecordEntity,
  SplitPartEntity,
  ParkingSpaceEntity,
  CameraEntity,
  WhitelistEntryEntity,
  ReservationEntity,
  OccupancyRecordEntity,
  OrderFeeEntity,
  EbikeDeviceEntity,
  SessionSampleEntity,
] as const;

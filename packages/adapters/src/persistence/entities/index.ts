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
import { BillLineEntity, ChargingOrderEntity } from './charging-order.js';
import { PaymentCallbackEntity, PaymentEntity, RefundEntity } from './payments.js';
import { StationInvoiceConfigEntity, StationPaymentConfigEntity } from './station-money.js';
import { TariffVersionEntity } from './tariff-version.js';

export * from './access.js';
export * from './assets.js';
export * from './charging-order.js';
export * from './payments.js';
export * from './station-money.js';
export * from './tariff-version.js';

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
  StationPaymentConfigEntity,
  StationInvoiceConfigEntity,
] as const;

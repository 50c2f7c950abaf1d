import {
  AreaEntity,
  ChargerEntity,
  ConnectorEntity,
  PropertyEntity,
  ProviderEntity,
  StationEntity,
} from './assets.js';
import { BillLineEntity, ChargingOrderEntity } from './charging-order.js';
import { PaymentEntity, RefundEntity } from './payments.js';
import { TariffVersionEntity } from './tariff-version.js';

export * from './assets.js';
export * from './charging-order.js';
export * from './payments.js';
export * from './tariff-version.js';

/** Every entity of the business database; pass to `openOrm({ url, entities: CHARGEFLOW_ENTITIES })`. */
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
] as const;

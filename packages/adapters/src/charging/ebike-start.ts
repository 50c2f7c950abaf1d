import {
  CarTariffSchema,
  EbikeTariffSchema,
  parseCarTariff,
  parseEbikeTariff,
  tariffInForce,
  unwrap,
  utcOffsetTable,
  type Card,
  type CarTariffDefinition,
  type EbikeTariffDefinition,
  type Funding,
  type OrderTimeouts,
  type StartWay,
} from '@chargeflow/core';
import {
  chargingStartOptions,
  ebikeStartOptions,
  type ChargingSessionInput,
  type EbikeSessionInput,
  type chargingSessionWorkflow,
  type ebikeSessionWorkflow,
} from '@chargeflow/workflows';
import type { WorkflowClient } from '@temporalio/client';
import type { TariffVersionRecord } from '../persistence/repositories/tariff-repository.js';

// ORD-1 / ORD-8: what differs between starting a car order and an e-bike order (tariff kind, order
// state at creation, the workflow); start-order.ts does everything else for both.

/** The kind of a station, and so of its orders and tariffs. */
export type StationKind = 'CAR' | 'EBIKE';

/** TAR-3: the tariff version of the station's kind in force at `at` in the station's zone, or undefined. */
export function versionInForce(
  versions: readonly TariffVersionRecord[],
  at: number,
  timeZone: string,
  kind: StationKind,
): TariffVersionRecord | undefined {
  const stamped = versions.filter((v) => v.kind === kind).map((v) => ({ ...v, id: v.tariffId }));
  const found = tariffInForce(stamped, at, timeZone);
  return found.ok ? found.value : undefined;
}

/** The tariff definition of a version in force, by kind (the stored JSON, validated again). */
export function definitionOf(
  version: TariffVersionRecord,
  kind: StationKind,
): CarTariffDefinition | EbikeTariffDefinition {
  return kind === 'EBIKE'
    ? EbikeTariffSchema.parse(version.definition)
    : CarTariffSchema.parse(version.definition);
}

/** ORD-8: an e-bike order is CHARGING from creation (start unconfirmed); a car order is STARTING. */
export const initialStatus = (kind: StationKind): string => (kind === 'EBIKE' ? 'CHARGING' : 'STARTING');

const DAY_MS = 86_400_000;
/**
 * The window of a car session's UTC offset table around its start: a device clock a day or two
 * behind, and far longer than any session runs (timeouts end a silent one within minutes).
 */
export const SESSION_OFFSETS_WINDOW = { beforeMs: 2 * DAY_MS, afterMs: 400 * DAY_MS } as const;

/** What a session needs, for either kind. */
export interface SessionStart {
  /** When the order was opened (epoch ms): anchors the session's UTC offset table. */
  readonly at: number;
  readonly tenantId: string;
  readonly orderNo: string;
  readonly stationId: string;
  readonly timeZone: string;
  readonly serialNo: string;
  readonly connectorNo: number;
  readonly startWay: StartWay;
  readonly funding: Funding;
  readonly definition: CarTariffDefinition | EbikeTariffDefinition;
  readonly timeouts: OrderTimeouts;
  readonly ratedPowerW: number | null;
  readonly assets: {
    readonly stationEnabled: boolean;
    readonly areaEnabled: boolean;
    readonly chargerEnabled: boolean;
    readonly connectorEnabled: boolean;
  };
  readonly prepayPaid?: boolean;
  readonly card?: Card;
}

/** Starts the session workflow of the order's kind (idempotent by the order's workflow id). */
export async function startSessionWorkflow(
  workflows: WorkflowClient,
  taskQueue: string,
  start: SessionStart,
): Promise<void> {
  const extra = {
    ...(start.prepayPaid === undefined ? {} : { prepayPaid: start.prepayPaid }),
    ...(start.card === undefined ? {} : { card: start.card }),
  };
  const common = {
    tenantId: start.tenantId,
    orderNo: start.orderNo,
    stationId: start.stationId,
    startWay: start.startWay,
    funding: start.funding,
    timeouts: start.timeouts,
  };
  if (start.definition.kind === 'EBIKE') {
    const input: EbikeSessionInput = {
      ...common,
      deviceSerial: start.serialNo,
      socketNo: start.connectorNo,
      tariff: unwrap(parseEbikeTariff(start.definition)),
      ...(start.ratedPowerW === null ? {} : { socketMaxPowerW: start.ratedPowerW }),
      preconditions: {
        assets: {
          stationEnabled: start.assets.stationEnabled,
          areaEnabled: start.assets.areaEnabled,
          deviceEnabled: start.assets.chargerEnabled,
          socketEnabled: start.assets.connectorEnabled,
        },
        ...extra,
      },
    };
    await workflows.start<typeof ebikeSessionWorkflow>(
      'ebikeSessionWorkflow',
      ebikeStartOptions(input, taskQueue),
    );
    return;
  }
  const input: ChargingSessionInput = {
    ...common,
    chargerSerial: start.serialNo,
    connectorNo: start.connectorNo,
    tariff: unwrap(parseCarTariff(start.definition)),
    timeZone: start.timeZone,
    utcOffsets: utcOffsetTable(
      start.timeZone,
      start.at - SESSION_OFFSETS_WINDOW.beforeMs,
      start.at + SESSION_OFFSETS_WINDOW.afterMs,
    ),
    preconditions: { assets: start.assets, ...extra },
  };
  await workflows.start<typeof chargingSessionWorkflow>(
    'chargingSessionWorkflow',
    chargingStartOptions(input, taskQueue),
  );
}

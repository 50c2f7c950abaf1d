import type {
  Card,
  EbikeOrderState,
  EbikeTariff,
  Fen,
  Funding,
  OrderTimeouts,
  StartWay,
} from '@chargeflow/core';
import type { ChargingSessionOptions } from '../charging/input.js';
import type { WorkTarget } from '../charging/work.js';

/** Timers of an e-bike session: core's three plus the tariff's auto-stop threshold (workflow time). */
export type EbikeTimer = 'START' | 'HEARTBEAT' | 'STOP' | 'AUTO_STOP';

/**
 * Input of `ebikeSessionWorkflow` (one e-bike charging order on one socket of a box). The caller
 * resolved the e-bike tariff version in force at start (TAR-3) and passes its definition, so the
 * whole session is priced by that version even if the tariff is edited meanwhile.
 */
export interface EbikeSessionInput {
  readonly tenantId: string;
  readonly orderNo: string;
  readonly stationId: string;
  /** The e-bike box (device) serial, as on the wire. */
  readonly deviceSerial: string;
  /** Socket no. as the box speaks it (1…255; the `connectorNo` of its events). */
  readonly socketNo: number;
  readonly startWay: StartWay;
  /** Prepay (APP), card balance (CARD) or PLATFORM (operator start). */
  readonly funding: Funding;
  /**
   * The e-bike tariff version in force at start in its exact form: the caller parsed and validated
   * the definition (`parseEbikeTariff`), so the workflow sandbox holds no schema library.
   */
  readonly tariff: EbikeTariff;
  readonly timeouts: OrderTimeouts;
  /**
   * Stop once the fee goes above this amount. Absent: the tariff's auto-stop amount, the fee at its
   * threshold for a socket drawing `socketMaxPowerW` (ebikeAutoStopAmount), when that is known.
   */
  readonly autoStopAmount?: Fen;
  /** The socket's (device's) rated power, W: gives the tariff's auto-stop amount. */
  readonly socketMaxPowerW?: number;
  /** ORD-1 facts the caller loaded; the core judges them. */
  readonly preconditions: {
    readonly assets: {
      readonly stationEnabled: boolean;
      readonly areaEnabled: boolean;
      readonly deviceEnabled: boolean;
      readonly socketEnabled: boolean;
    };
    readonly prepayPaid?: boolean;
    readonly card?: Card;
  };
  readonly options?: ChargingSessionOptions;
}

/** Compact state carried across continue-as-new. */
export interface EbikeCarryOver {
  readonly order: EbikeOrderState;
  readonly timers: Partial<Record<EbikeTimer, number>>;
  /** Device time (epoch ms) durations are counted from: the start report, else the first report. */
  readonly anchorAt?: number;
  /** Highest power reported so far, W (picks the power band, TAR-7/10). */
  readonly maxPowerW: number;
  readonly updatedAt: number;
  readonly runs: number;
}

/** The work target (commands, money) of an e-bike session: the box and socket, the order, its funding. */
export function ebikeWorkTarget(input: EbikeSessionInput): WorkTarget {
  return {
    tenantId: input.tenantId,
    orderNo: input.orderNo,
    chargerSerial: input.deviceSerial,
    connectorNo: input.socketNo,
    funding: input.funding,
  };
}

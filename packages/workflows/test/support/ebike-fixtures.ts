// Inputs of the e-bike session tests: the five modes (TAR-6 … TAR-10) and a session input.
import {
  parseEbikeTariff,
  unwrap,
  type EbikeTariffDefinition,
  type Fen,
  type Funding,
} from '@chargeflow/core';
import type { EbikeSessionInput } from '../../src/ebike/input.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ebikeStartOptions } from '../../src/ebike/start.js';
import { ebikeLiveStatusQuery, type EbikeLiveStatus } from '../../src/ebike/messages.js';
import type { ebikeSessionWorkflow } from '../../src/ebike/workflow.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** Device time the scripted sessions start at. */
export const T0 = Date.parse('2024-05-10T07:30:00+08:00');

const bands = [
  { upToW: 200, unitPrice: '0.20' },
  { upToW: 400, unitPrice: '0.30' },
  { upToW: 800, unitPrice: '0.50' },
];
const version = (
  id: string,
  pricing: EbikeTariffDefinition['pricing'],
  extra: Partial<EbikeTariffDefinition> = {},
): EbikeTariffDefinition => ({
  kind: 'EBIKE',
  id,
  version: 1,
  savedAt: '2024-04-30T10:00:00+08:00',
  freeMinutes: 10,
  autoStopMinutes: 480,
  pricing,
  ...extra,
});

/** TAR-6: 1 CNY per started 4 h, 10 free minutes, auto-stop at 8 h. */
export const DURATION = version('EB-DUR', { mode: 'DURATION', unitMinutes: 240, unitPrice: '1.00' });
/** TAR-7: per started hour by max-power band (≤200 W 0.20, ≤400 W 0.30, ≤800 W 0.50). */
export const POWER = version('EB-POW', { mode: 'POWER', unitMinutes: 60, bands });
/** TAR-8: 0.60 energy + 0.40 service per kWh. */
export const UNIFIED = version('EB-UNI', { mode: 'UNIFIED', energyPrice: '0.60', servicePrice: '0.40' });
/** TAR-9: 0.60 per kWh + 0.50 per started hour. */
export const PERIOD_SERVICE = version('EB-PS', {
  mode: 'PERIOD_SERVICE',
  energyPrice: '0.60',
  serviceUnitMinutes: 60,
  servicePrice: '0.50',
});
/** TAR-10: 0.60 per kWh + service per started hour by max-power band; auto-stop at 48 h. */
export const POWER_SERVICE_48H = version(
  'EB-PWS',
  { mode: 'POWER_SERVICE', energyPrice: '0.60', unitMinutes: 60, bands },
  { autoStopMinutes: 2880 },
);

/** A prepay of `fen` fen for `orderNo`. */
export const prepay = (orderNo: string, amount: bigint): Funding => ({
  kind: 'PREPAY',
  paymentNo: `PY-${orderNo}`,
  prepay: amount as Fen,
});

/** An app-started (prepaid) e-bike session on socket `socketNo` of box EB-BOX-1. */
export function ebikeInput(
  orderNo: string,
  tariff: EbikeTariffDefinition,
  extra: Partial<EbikeSessionInput> = {},
): EbikeSessionInput {
  return {
    tenantId: 'tenant-1',
    orderNo,
    stationId: 'ES1',
    deviceSerial: 'EB-BOX-1',
    socketNo: 1,
    startWay: 'APP',
    funding: prepay(orderNo, 500n),
    tariff: unwrap(parseEbikeTariff(tariff)),
    timeouts: { startMs: 2 * MINUTE, heartbeatMs: 5 * MINUTE, stopMs: 2 * MINUTE },
    preconditions: {
      assets: { stationEnabled: true, areaEnabled: true, deviceEnabled: true, socketEnabled: true },
      prepayPaid: true,
    },
    options: { afterEndListenMs: 0 },
    ...extra,
  };
}

/** A handle on an e-bike session workflow. */
export type EbikeHandle = WorkflowHandleWithFirstExecutionRunId<typeof ebikeSessionWorkflow>;

/** Starts (or joins) the e-bike session of `input`. */
export function startEbike(
  env: Pick<TestWorkflowEnvironment, 'client'>,
  input: EbikeSessionInput,
  taskQueue: string,
): Promise<EbikeHandle> {
  return env.client.workflow.start<typeof ebikeSessionWorkflow>(
    'ebikeSessionWorkflow',
    ebikeStartOptions(input, taskQueue),
  );
}

/** Polls `liveStatus` until `done` holds (real time). */
export async function waitForEbike(
  handle: EbikeHandle,
  done: (status: EbikeLiveStatus) => boolean,
  timeoutMs = 20_000,
): Promise<EbikeLiveStatus> {
  const until = Date.now() + timeoutMs;
  let last: EbikeLiveStatus | undefined;
  while (Date.now() < until) {
    last = await handle.query(ebikeLiveStatusQuery);
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `live status never matched; last: ${JSON.stringify(last, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`,
  );
}

// chargingSessionWorkflow: one car charging order from start command to settlement (SPEC §4).
// The core lifecycle decides everything; this file only routes inputs into it and waits.
import { ApplicationFailure, continueAsNew, log, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CarOrderEvent, DeviceEvent, DomainError } from '@chargeflow/core';
import type { ChargingActivities } from './activities.js';
import { toCarOrderEvent } from './device-events.js';
import type { ChargingCarryOver, ChargingSessionInput } from './input.js';
import {
  deviceEventSignal,
  deviceEventsSignal,
  liveStatusQuery,
  operatorEndUpdate,
  requestStopUpdate,
  type ChargingSessionResult,
} from './messages.js';
import type { SessionTariff } from './readings.js';
import { ChargingSession } from './session.js';
import { runSessionLoop } from './session-loop.js';
import { stationClock } from './station-clock.js';

export {
  DEFAULT_AFTER_END_LISTEN_MS,
  DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS,
  DEFAULT_CONTINUE_AS_NEW_AFTER_SIGNALS,
} from './session-loop.js';

function failure(error: DomainError): ApplicationFailure {
  return ApplicationFailure.nonRetryable(error.message, error.code, error.details);
}

function sessionTariff(input: ChargingSessionInput): SessionTariff {
  const clock = stationClock(input);
  if (!clock.ok) throw failure(clock.error);
  return { tariff: input.tariff, clock: clock.value };
}

function openSession(
  input: ChargingSessionInput,
  tariff: SessionTariff,
  carry?: ChargingCarryOver,
): ChargingSession {
  if (carry !== undefined) return ChargingSession.resume(input, tariff, carry);
  const started = ChargingSession.start(input, tariff, Date.now());
  if (!started.ok) throw failure(started.error);
  return started.value;
}

// Reading recorded samples must eventually succeed before a settlement: retried without limit.
const recorded = proxyActivities<ChargingActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Rows per page of recorded samples (≈ 100 bytes each in history). */
const RECORDED_PAGE = 500;

/**
 * Decision 0019: applies the samples the ingestion recorded for the order, `ALL` of them (before a
 * settlement: the bill is the bill of every de-duplicated reading, signalled or not) or only the
 * `NEW` rows past the last one applied (a heartbeat check, ORD-3).
 */
async function applyRecorded(input: ChargingSessionInput, session: ChargingSession, which: 'ALL' | 'NEW') {
  let afterSeq = which === 'ALL' ? 0 : session.recordedUpTo;
  for (;;) {
    const page = await recorded.recordedSamples({
      tenantId: input.tenantId,
      orderNo: input.orderNo,
      afterSeq,
      limit: RECORDED_PAGE,
    });
    for (const row of page) session.applyRecorded(row);
    if (page.length < RECORDED_PAGE) return;
    afterSeq = page[page.length - 1]!.seq;
  }
}

/** Runs steps one after another in arrival order, even when one waits for an activity. */
function inTurn(): <T>(step: () => T | Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return (step) => {
    const run = queue.then(step);
    queue = run.catch(() => undefined);
    return run;
  };
}

/** Signals and updates received in this run (history events that count toward Temporal's limits). */
interface MessageCount {
  received: number;
}

function listen(input: ChargingSessionInput, session: ChargingSession): MessageCount {
  const device = {
    orderNo: input.orderNo,
    chargerSerial: input.chargerSerial,
    connectorNo: input.connectorNo,
  };
  const count: MessageCount = { received: 0 };
  let commandsSeen = 0;
  const turn = inTurn();
  const settlesOn = (deviceEvents: readonly DeviceEvent[]) =>
    deviceEvents.some((e) => e.type === 'STOPPED' && toCarOrderEvent(e, device, 0) !== undefined);
  session.beforeTimers = async (now) => {
    const which = session.recordedNeededAt(now);
    if (which !== undefined) await turn(() => applyRecorded(input, session, which));
  };
  const command = (event: CarOrderEvent) => {
    const result = session.apply(event);
    if (!result.ok) throw failure(result.error);
    return session.liveStatus();
  };
  const applyDeviceEvent = (deviceEvent: DeviceEvent, at: number): void => {
    const event = toCarOrderEvent(deviceEvent, device, at);
    if (event === undefined) return;
    const result = session.apply(event);
    if (!result.ok) log.warn('device event refused', { orderNo: input.orderNo, code: result.error.code });
  };
  const applyDeviceEvents = (deviceEvents: readonly DeviceEvent[]) => {
    count.received += 1;
    const at = Date.now();
    return turn(async () => {
      if (settlesOn(deviceEvents)) await applyRecorded(input, session, 'ALL');
      for (const deviceEvent of deviceEvents) applyDeviceEvent(deviceEvent, at);
    });
  };
  setHandler(deviceEventSignal, (deviceEvent) => applyDeviceEvents([deviceEvent]));
  setHandler(deviceEventsSignal, (deviceEvents) => applyDeviceEvents(deviceEvents));
  setHandler(requestStopUpdate, (request) => {
    count.received += 1;
    commandsSeen += 1;
    return command({
      eventId: request.requestId ?? `stop:${request.by}:${Date.now()}:${commandsSeen}`,
      at: Date.now(),
      kind: 'STOP_REQUESTED',
      reason: request.reason ?? request.by,
    });
  });
  setHandler(operatorEndUpdate, (request) => {
    count.received += 1;
    commandsSeen += 1;
    const eventId = request.requestId ?? `end:${request.operatorId}:${Date.now()}:${commandsSeen}`;
    // ORD-5 settles with the last reported meter: the recorded samples first (decision 0019).
    return turn(async () => {
      await applyRecorded(input, session, 'ALL');
      return command({ eventId, at: Date.now(), kind: 'OPERATOR_END', operatorId: request.operatorId });
    });
  });
  setHandler(liveStatusQuery, () => session.liveStatus());
  return count;
}

/**
 * A car charging session (SPEC §4, ORD-1…ORD-7): sends the start command, feeds device events
 * (signals `deviceEvents`, a partition batch's events of this order in order, and `deviceEvent`), stop requests and operator ends (updates `requestStop`, `operatorEnd`) and
 * timer firings into core's `transitionCarOrder`, and carries out its effects through activities:
 * device commands, order progress, the settlement (once), the PREPAY_RETURN refund or the card debit.
 * Query `liveStatus` shows it live. Continues as new with its compact state when history grows
 * (inputs or signals received past their thresholds, or Temporal's suggestion).
 * Workflow id: `chargingWorkflowId(tenantId, orderNo)`. `carry` is for continue-as-new only.
 */
export async function chargingSessionWorkflow(
  input: ChargingSessionInput,
  carry?: ChargingCarryOver,
): Promise<ChargingSessionResult> {
  const session = openSession(input, sessionTariff(input), carry);
  const messages = listen(input, session);
  await runSessionLoop(input, session, messages, input.options, (next) =>
    continueAsNew<typeof chargingSessionWorkflow>(input, next),
  );
  const s = session.state;
  return {
    orderNo: s.orderNo,
    status: s.status,
    ...(s.settlement === undefined ? {} : { settlement: s.settlement }),
    ...(session.bill === undefined ? {} : { bill: session.bill }),
  };
}

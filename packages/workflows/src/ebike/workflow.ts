// ebikeSessionWorkflow: one e-bike charging order on one socket, from start command to settlement
// (ORD-8). The shape of chargingSessionWorkflow: core decides, the shared loop waits, the shared
// work runner carries out commands, records and money.
import { ApplicationFailure, continueAsNew, log, setHandler } from '@temporalio/workflow';
import type { DeviceEvent, DomainError, EbikeTariff } from '@chargeflow/core';
import { toCarOrderEvent } from '../charging/device-events.js';
import { runSessionLoop } from '../charging/session-loop.js';
import { ebikeWorkTarget, type EbikeCarryOver, type EbikeSessionInput } from './input.js';
import {
  deviceEventSignal,
  deviceEventsSignal,
  ebikeLiveStatusQuery,
  ebikeOperatorEndUpdate,
  ebikeRequestStopUpdate,
  type EbikeSessionResult,
} from './messages.js';
import { EbikeChargingSession } from './session.js';

function failure(error: DomainError): ApplicationFailure {
  return ApplicationFailure.nonRetryable(error.message, error.code, error.details);
}

function openSession(
  input: EbikeSessionInput,
  tariff: EbikeTariff,
  carry?: EbikeCarryOver,
): EbikeChargingSession {
  if (carry !== undefined) return EbikeChargingSession.resume(input, tariff, carry);
  const started = EbikeChargingSession.start(input, tariff, Date.now());
  if (!started.ok) throw failure(started.error);
  return started.value;
}

function listen(input: EbikeSessionInput, session: EbikeChargingSession): { received: number } {
  const device = { orderNo: input.orderNo, chargerSerial: input.deviceSerial, connectorNo: input.socketNo };
  const count = { received: 0 };
  let commandsSeen = 0;
  const applyDeviceEvent = (deviceEvent: DeviceEvent, at: number): void => {
    const event = toCarOrderEvent(deviceEvent, device, at);
    if (event === undefined) return;
    const result = session.apply(event);
    if (!result.ok) log.warn('device event refused', { orderNo: input.orderNo, code: result.error.code });
  };
  setHandler(deviceEventSignal, (deviceEvent) => {
    count.received += 1;
    applyDeviceEvent(deviceEvent, Date.now());
  });
  setHandler(deviceEventsSignal, (deviceEvents) => {
    count.received += 1;
    const at = Date.now();
    for (const deviceEvent of deviceEvents) applyDeviceEvent(deviceEvent, at);
  });
  setHandler(ebikeRequestStopUpdate, (request) => {
    count.received += 1;
    commandsSeen += 1;
    const result = session.apply({
      eventId: request.requestId ?? `stop:${request.by}:${Date.now()}:${commandsSeen}`,
      at: Date.now(),
      kind: 'STOP_REQUESTED',
      reason: request.reason ?? request.by,
    });
    if (!result.ok) throw failure(result.error);
    return session.liveStatus();
  });
  setHandler(
    ebikeOperatorEndUpdate,
    (request) => {
      count.received += 1;
      commandsSeen += 1;
      const result = session.apply({
        eventId: request.requestId ?? `end:${request.operatorId}:${Date.now()}:${commandsSeen}`,
        at: Date.now(),
        kind: 'OPERATOR_END',
        operatorId: request.operatorId,
        ...(request.durationS === undefined ? {} : { durationS: request.durationS }),
      });
      if (!result.ok) throw failure(result.error);
      return session.liveStatus();
    },
    {
      // ORD-5: an entered duration below zero or beyond the session is refused before it reaches history.
      validator: (request) => {
        const checked = session.checkOperatorEnd(request.durationS, Date.now());
        if (!checked.ok) throw failure(checked.error);
      },
    },
  );
  setHandler(ebikeLiveStatusQuery, () => session.liveStatus());
  return count;
}

/**
 * An e-bike charging session (ORD-8, TAR-6…TAR-10): sends the socket's start command; feeds device
 * events (the car session's `deviceEvent`/`deviceEvents` signals), stop requests and operator ends
 * (updates `requestStop`, `operatorEnd` with an optional entered duration) and timers into core's
 * `transitionEbikeOrder`; stops by itself at the tariff's threshold (a timer and the reported
 * duration), above the auto-stop amount or the prepay; settles once with `priceEbikeSession` and
 * returns prepay − fee as PREPAY_RETURN (or debits the card) through the car session's activities.
 * Workflow id: `chargingWorkflowId(tenantId, orderNo)` (order nos are unique across kinds, so the
 * Kafka ingestion reaches it unchanged). `carry` is for continue-as-new only.
 */
export async function ebikeSessionWorkflow(
  input: EbikeSessionInput,
  carry?: EbikeCarryOver,
): Promise<EbikeSessionResult> {
  const session = openSession(input, input.tariff, carry);
  const target = ebikeWorkTarget(input);
  const messages = listen(input, session);
  await runSessionLoop(target, session, messages, input.options, (next) =>
    continueAsNew<typeof ebikeSessionWorkflow>(input, next),
  );
  const s = session.state;
  return {
    orderNo: s.orderNo,
    status: s.status,
    ...(s.settlement === undefined ? {} : { settlement: s.settlement }),
    ...(session.bill === undefined ? {} : { bill: session.bill }),
  };
}

// Carries out a session's queued work through activities. Runs inside the workflow sandbox.
import { log, proxyActivities } from '@temporalio/workflow';
import { formatCny, fundingCap, type DeviceCommand, type Funding } from '@chargeflow/core';
import type { ChargingActivities } from './activities.js';
import { cardDebitEntryNo, commandId, prepayReturnNo } from './input.js';
import type { SessionWork } from './session.js';

/** Whose work it is: the order, the device and socket/connector its commands go to, its funding (car and e-bike sessions). */
export interface WorkTarget {
  readonly tenantId: string;
  readonly orderNo: string;
  readonly chargerSerial: string;
  readonly connectorNo: number;
  readonly funding: Funding;
}

/** A session's queue of work (ChargingSession, EbikeChargingSession). */
export interface WorkQueue {
  readonly hasWork: boolean;
  takeWork(): SessionWork[];
}

// Commands are worth a few tries only: if the device never hears them, the start/stop timers decide.
const commands = proxyActivities<ChargingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

// Records and money must eventually happen: retried without limit, each safe to repeat (idempotency keys).
const records = proxyActivities<ChargingActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

function limitCny(funding: Funding): string | undefined {
  const cap = fundingCap(funding);
  return cap === undefined ? undefined : formatCny(cap);
}

function deviceCommand(input: WorkTarget, work: SessionWork): DeviceCommand | undefined {
  const base = {
    serialNo: input.chargerSerial,
    issuedAt: new Date(Date.now()).toISOString(),
    connectorNo: input.connectorNo,
    orderNo: input.orderNo,
  };
  if (work.type === 'SEND_START_COMMAND') {
    const limit = limitCny(input.funding);
    return {
      ...base,
      type: 'START_CHARGING',
      commandId: commandId(input.orderNo, 'START'),
      ...(limit === undefined ? {} : { limitCny: limit }),
    };
  }
  if (work.type === 'SEND_STOP_COMMAND') {
    return { ...base, type: 'STOP_CHARGING', commandId: commandId(input.orderNo, 'STOP', work.reason) };
  }
  return undefined;
}

async function runOne(input: WorkTarget, work: SessionWork): Promise<void> {
  const { tenantId, orderNo } = input;
  switch (work.type) {
    case 'SEND_START_COMMAND':
    case 'SEND_STOP_COMMAND': {
      const command = deviceCommand(input, work);
      if (command === undefined) return;
      try {
        await commands.sendDeviceCommand(command);
      } catch (error) {
        // Not fatal: no reply means the start/stop timeout moves the order on (ORD-2, ORD-4).
        log.warn('device command not delivered', {
          orderNo,
          commandId: command.commandId,
          error: String(error),
        });
      }
      return;
    }
    case 'RECORD_PROGRESS':
      await records.recordOrderProgress(work.progress);
      return;
    case 'ORDER_SETTLED':
      await records.recordSettlement({
        tenantId,
        orderNo,
        settlement: work.effect.settlement,
        ...(work.bill === undefined ? {} : { bill: work.bill }),
      });
      return;
    case 'RETURN_PREPAY':
      await records.returnPrepay({
        tenantId,
        refundNo: prepayReturnNo(orderNo),
        type: 'PREPAY_RETURN',
        orderNo,
        paymentNo: work.paymentNo,
        amount: work.amount,
      });
      return;
    case 'DEBIT_CARD':
      await records.debitCard({
        tenantId,
        entryNo: cardDebitEntryNo(orderNo),
        cardId: work.cardId,
        orderNo,
        amount: work.amount,
      });
      return;
  }
}

/** Runs queued work in order until none is left (handlers may queue more while an activity runs). */
export async function drainWork(input: WorkTarget, session: WorkQueue): Promise<void> {
  while (session.hasWork) {
    for (const work of session.takeWork()) await runOne(input, work);
  }
}

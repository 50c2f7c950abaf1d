// contractWorkflow (TEN-4): one contract from draft to its end. Core decides every rule (transitions,
// schedule, amendments); this file waits for the dates, carries out the effects through activities
// and answers the operators' updates. It is the single writer of its contract's state.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import {
  amendContractDates,
  checkSignable,
  contractSchedule,
  contractTransition,
  dueContractEvents,
  type ContractDates,
  type ContractEvent,
  type ContractSchedule,
  type ContractStatus,
  type DomainError,
} from '@chargeflow/core';
import type { ContractActivities } from './activities.js';
import type { ContractWorkflowInput } from './input.js';
import {
  amendContractUpdate,
  contractStateQuery,
  signContractUpdate,
  terminateContractUpdate,
  type ContractLiveState,
} from './messages.js';

// Records and notices retry without limit (backoff to 5 min): a contract's state is never dropped.
const activities = proxyActivities<ContractActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const DEFAULT_ZONE = 'Asia/Shanghai';

function failure(error: DomainError): ApplicationFailure {
  return ApplicationFailure.nonRetryable(error.message, error.code, error.details);
}

const isTerminal = (status: ContractStatus) => status === 'EXPIRED' || status === 'TERMINATED';

/** TEN-4: draft → signed → active on its start date → notice ahead of expiry → expired (tenant closed). */
export async function contractWorkflow(input: ContractWorkflowInput): Promise<ContractLiveState> {
  const zone = input.zone ?? DEFAULT_ZONE;
  let status: ContractStatus = input.status ?? 'DRAFT';
  let dates: ContractDates = { startDate: input.startDate, endDate: input.endDate };
  let revision = 1;
  let updatedAt = Date.now();
  let noticeSentFor: string | undefined;
  let noticeSentAt: number | undefined;
  let tenantClosed = false;

  const schedule = (): ContractSchedule => contractSchedule(dates, { zone, noticeDays: input.noticeDays });
  const live = (): ContractLiveState => ({
    contractNo: input.contractNo,
    tenantId: input.tenantId,
    status,
    ...dates,
    ...schedule(),
    noticeDays: input.noticeDays,
    ...(noticeSentAt === undefined ? {} : { noticeSentAt }),
    tenantClosed,
    revision,
    updatedAt,
  });

  // One change at a time, in call order: a promise chain, not a flag polled by `condition` (the SDK
  // evaluates every pending condition before any continuation runs, so two waiters could both see
  // the flag free). Call order is history order, so a replay takes the same turns.
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work, work);
    turn = run.catch(() => undefined);
    return run;
  };

  const record = async (event: ContractEvent | 'AMEND', by?: string, reason?: string) => {
    revision += 1;
    updatedAt = Date.now();
    await activities.recordContractState({
      tenantId: input.tenantId,
      contractNo: input.contractNo,
      status,
      event,
      ...dates,
      revision,
      at: updatedAt,
      ...(by === undefined ? {} : { by }),
      ...(reason === undefined ? {} : { reason }),
    });
  };

  const apply = async (event: ContractEvent, by?: string, reason?: string) => {
    const next = contractTransition(status, event);
    if (!next.ok) throw failure(next.error);
    const wasActive = status === 'ACTIVE';
    status = next.value;
    await record(event, by, reason);
    // Only an active contract's end can leave the tenant without one: a draft or signed contract
    // that ends never was the tenant's active contract.
    if (isTerminal(status) && wasActive) {
      tenantClosed = await activities.closeTenantWithoutActiveContract({
        tenantId: input.tenantId,
        contractNo: input.contractNo,
        at: Date.now(),
      });
    }
  };

  // What the clock has made due: activation, expiry, and the notice for the current end date.
  const catchUp = async () => {
    for (const event of dueContractEvents(status, schedule(), Date.now())) await apply(event);
    if (status === 'ACTIVE' && Date.now() >= schedule().expiryNoticeAt && noticeSentFor !== dates.endDate) {
      const at = Date.now();
      await activities.sendExpiryNotice({
        noticeId: `${input.contractNo}:EXPIRY:${dates.endDate}`,
        tenantId: input.tenantId,
        contractNo: input.contractNo,
        endDate: dates.endDate,
        expireAt: schedule().expireAt,
        recipient: input.recipient,
        at,
      });
      noticeSentFor = dates.endDate;
      noticeSentAt = at;
    }
  };

  const nextWake = (): number | undefined => {
    const s = schedule();
    if (status === 'SIGNED') return Math.min(s.activateAt, s.expireAt);
    if (status === 'ACTIVE')
      return noticeSentFor === dates.endDate ? s.expireAt : Math.min(s.expiryNoticeAt, s.expireAt);
    return undefined;
  };

  const signable = () => {
    const ok = checkSignable(status, dates, { now: Date.now(), zone });
    if (!ok.ok) throw failure(ok.error);
  };
  const amended = (request: { startDate?: string; endDate?: string }) => {
    const next = amendContractDates({ status, ...dates }, request, { now: Date.now(), zone });
    if (!next.ok) throw failure(next.error);
    return next.value;
  };
  const terminable = () => {
    const next = contractTransition(status, 'TERMINATE');
    if (!next.ok) throw failure(next.error);
  };

  setHandler(contractStateQuery, live);
  setHandler(
    signContractUpdate,
    (request) =>
      exclusive(async () => {
        signable();
        await apply('SIGN', request.by);
        await catchUp();
        return live();
      }),
    { validator: (_request) => signable() },
  );
  setHandler(
    amendContractUpdate,
    (request) =>
      exclusive(async () => {
        dates = amended(request);
        await record('AMEND', request.by);
        await catchUp();
        return live();
      }),
    { validator: (request) => void amended(request) },
  );
  setHandler(
    terminateContractUpdate,
    (request) =>
      exclusive(async () => {
        terminable();
        await apply('TERMINATE', request.by, request.reason);
        return live();
      }),
    { validator: (_request) => terminable() },
  );

  while (!isTerminal(status)) {
    await exclusive(catchUp);
    if (isTerminal(status)) break;
    const seen = revision;
    const wake = nextWake();
    if (wake === undefined) await condition(() => revision !== seen);
    else if (wake > Date.now()) await condition(() => revision !== seen, wake - Date.now());
  }
  await condition(allHandlersFinished);
  return live();
}

import type { EntityManager } from '@mikro-orm/core';
import type { WorkflowClient } from '@temporalio/client';
import type { SmsCodes } from '../auth/ports.js';
import { TenantContracts } from '../contracts/contract-service.js';
import { listSandboxNotices, type RecordedNotice } from '../contracts/sandbox-notifier.js';
import { TenantProfiles } from './profiles.js';
import { TenantRegistrations } from './registrations.js';

/** What the onboarding and contract routes work on (TEN-1 … TEN-4), all in the platform database. */
export interface OnboardingServices {
  readonly registrations: TenantRegistrations;
  readonly profiles: TenantProfiles;
  readonly contracts: TenantContracts;
  /** The sandbox notifier's outbox when the sandbox sends the notices; else null. */
  readonly notices: ((contractNo?: string) => Promise<readonly RecordedNotice[]>) | null;
}

/** Contract settings of a deployment. */
export interface ContractSettings {
  /** CONTRACT_NOTICE_DAYS: default days ahead of expiry (a contract may name its own). */
  readonly noticeDays?: number;
  /** CONTRACT_NOTIFIER: `sandbox` (recorded in the platform database) or another notifier run by the worker. */
  readonly notifier?: 'sandbox' | 'external';
}

/** Builds the onboarding services over the platform database, SMS codes and Temporal. */
export function createOnboardingServices(options: {
  readonly em: EntityManager;
  readonly smsCodes: SmsCodes;
  readonly workflows: WorkflowClient;
  readonly taskQueue: string;
  readonly clock: () => number;
  readonly contracts?: ContractSettings;
}): OnboardingServices {
  const { em, clock } = options;
  const noticeDays = options.contracts?.noticeDays;
  return {
    registrations: new TenantRegistrations({ em, smsCodes: options.smsCodes, now: clock }),
    profiles: new TenantProfiles({ em, now: clock }),
    contracts: new TenantContracts({
      em,
      workflows: options.workflows,
      taskQueue: options.taskQueue,
      now: clock,
      ...(noticeDays === undefined ? {} : { noticeDays }),
    }),
    notices:
      (options.contracts?.notifier ?? 'sandbox') === 'sandbox'
        ? (contractNo) => listSandboxNotices(em, contractNo)
        : null,
  };
}

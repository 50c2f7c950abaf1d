import type { EntityManager } from '@mikro-orm/core';
import {
  createContractActivities,
  type ContractActivities,
  type ContractNotifier,
} from '@chargeflow/workflows';
import { PlatformContractStore } from './contract-store.js';
import { SandboxContractNotifier } from './sandbox-notifier.js';

/** How expiry notices leave (CONTRACT_NOTIFIER): the sandbox records them; any other notifier is a port. */
export type ContractNotifierChoice = 'sandbox' | ContractNotifier;

/**
 * The contract workflow's activities (TEN-4) for a worker process, composed like the charging ones:
 * the platform database's contract store and the configured notifier.
 */
export function contractActivities(options: {
  readonly platform: EntityManager;
  readonly notifier: ContractNotifierChoice;
}): ContractActivities {
  const notifier =
    options.notifier === 'sandbox' ? new SandboxContractNotifier({ em: options.platform }) : options.notifier;
  return createContractActivities({ store: new PlatformContractStore(options.platform), notifier });
}

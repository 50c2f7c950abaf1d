// The memory bench's "before" bundle: the production workflows, plus the modules every session
// workflow instantiated before issue 16's memory step: the contract workflow's (contract rules,
// luxon, zod) loaded eagerly, the tariff schemas and parser (zod), luxon's zone clock.
import { ianaZoneClock, parseCarTariff, parseEbikeTariff } from '@chargeflow/core';
import { contractWorkflow as eagerContractWorkflow } from '../../../packages/workflows/src/contracts/workflow.js';

export * from '../../../packages/workflows/src/workflows.js';

/** Never run: it only keeps the eager modules in every workflow's module graph. */
export async function eagerGraphWorkflow(): Promise<number> {
  return [eagerContractWorkflow, parseCarTariff, parseEbikeTariff, ianaZoneClock].length;
}

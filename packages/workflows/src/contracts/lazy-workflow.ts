// The contract workflow's entry in the bundle, loading its module on first use. Every cached
// workflow instantiates its own copy of the modules it loads (the SDK's reused V8 context keeps a
// module cache per workflow), and contract rules bring luxon (zone-aware contract days) and zod
// (the contract terms schema); loaded lazily, a charging or e-bike session never instantiates them.
import type { ContractWorkflowInput } from './input.js';
import type { ContractLiveState } from './messages.js';

/** contractWorkflow (TEN-4), see ./workflow.ts: the same function, its module loaded when a contract runs. */
export async function contractWorkflow(input: ContractWorkflowInput): Promise<ContractLiveState> {
  const contract = await import(/* webpackMode: "eager" */ './workflow.js');
  return contract.contractWorkflow(input);
}

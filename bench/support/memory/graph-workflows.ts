// The memory bench's "graph" bundle: the production workflows plus the idle workflow, so an idle
// workflow here costs the SDK floor plus the production module graph, without session state.
export * from '../../../packages/workflows/src/workflows.js';
export { idleWorkflow } from './idle-workflow.js';

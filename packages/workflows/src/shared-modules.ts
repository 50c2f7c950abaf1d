// What every workflow of one worker shares (issue 16, decision 0017): the bundle loads this module
// once, in the reused V8 context, before any workflow exists (`preloadModules`), so the pure domain
// core and the libraries it imports are evaluated once per worker instead of once per cached
// workflow. Only pure, stateless code belongs here: the SDK deep-freezes these modules, and their
// state (core keeps deterministic caches only) is shared by every workflow.
import * as core from '@chargeflow/core';

/** Referenced so the bundler keeps the whole core (it is side-effect free and would be dropped). */
export const sharedCore: typeof core = core;
import * as workflows from './workflows.js';
export const sharedWorkflows: typeof workflows = workflows;

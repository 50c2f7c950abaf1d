// What every workflow of one worker shares (issue 16, decision 0017): the bundle loads this module
// once, in the reused V8 context, before any workflow exists (`preloadModules`), so the pure domain
// core (with the libraries it imports) and the workflow modules are evaluated once per worker
// instead of once per cached workflow. Only code without per-workflow state belongs here: the SDK
// deep-freezes these modules and every workflow sees their module state (core keeps deterministic
// caches only; the workflow modules constants, message definitions and activity proxies).
import * as core from '@chargeflow/core';
import * as workflows from './workflows.js';

/** Referenced so the bundler keeps all of core (side-effect free: a bare import would be dropped). */
export const sharedCore: typeof core = core;
/** The workflow entry, so the workflows' own modules are shared too. */
export const sharedWorkflows: typeof workflows = workflows;

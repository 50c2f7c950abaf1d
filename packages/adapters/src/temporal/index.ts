// Temporal glue of the adapters: the charging workflow's real ports, the device-event sink that
// signals workflows, the wiring of both for a worker process, and the worker health probe.
export * from './charging-ports.js';
export * from './charging-services.js';
export * from './device-event-sink.js';
export * from './worker-probe.js';
export * from './client.js';
export * from './sample-recorder.js';

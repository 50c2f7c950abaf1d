import { createLogger, exitOnConfigError } from '@chargeflow/adapters';
import { workerConfig } from './config.js';
import { startWorkerProcess } from './process.js';

// The production worker process, for every tenant of the platform: Temporal worker (charging
// workflows and their activities) plus the device-event ingestion (Kafka → serial's tenant from the
// device registry → workflow signals, telemetry → MongoDB). Stops on SIGINT/SIGTERM.
const config = exitOnConfigError(() => workerConfig());
const logger = createLogger({ level: config.logLevel, name: 'worker' });
// A setting only the control plane can judge (e.g. TENANT_DB_DIR for an in-memory platform): one line, 78.
const running = await exitOnConfigError(() => startWorkerProcess(config, logger));

let exitCode = 0;
const shutdown = (signal: string): void => {
  logger.info({ signal }, 'stopping');
  void running.stop().then(() => process.exit(exitCode));
};
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));

// A worker that dies on its own (fatal error) takes the process down with it, after cleaning up.
running.done.then(
  () => undefined,
  (error: unknown) => {
    logger.error({ err: error }, 'worker failed');
    exitCode = 1;
    void running.stop().then(() => process.exit(exitCode));
  },
);

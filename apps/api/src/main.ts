import { createLogger, exitOnConfigError } from '@chargeflow/adapters';
import { buildApi } from './build.js';
import { apiConfig } from './config.js';
import { listen } from './server.js';

// The production API process: every route for all tenants, configured by the environment only
// (docs/operations.md). Stops on SIGINT/SIGTERM.
const config = exitOnConfigError(() => apiConfig());
const logger = createLogger({ level: config.LOG_LEVEL, name: 'api' });
// A setting only the control plane can judge (e.g. a malformed CHARGEFLOW_SECRET_KEY): one line, 78.
const api = await exitOnConfigError(() => buildApi(config, logger));
const server = await listen(api.app, config.HOST, config.PORT);
logger.info({ url: `http://${config.HOST}:${config.PORT}`, docs: '/docs' }, 'chargeflow API listening');

const shutdown = (signal: string): void => {
  logger.info({ signal }, 'stopping');
  server.close();
  void api.close().then(() => process.exit(0));
};
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));

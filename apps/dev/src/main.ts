import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createLogger, exitOnConfigError } from '@chargeflow/adapters';
import { localStackConfig } from './config.js';
import { startLocalStack } from './stack.js';
import { findOrStartTemporal } from './temporal.js';

// `npm start`: API, worker and device ingestion in one process, on embedded defaults (SQLite,
// in-process simulated chargers, in-memory telemetry; Kafka/MongoDB when KAFKA_BROKERS/MONGODB_URL are set).
const root = fileURLToPath(new URL('../../..', import.meta.url));
const config = exitOnConfigError(() => localStackConfig(root));
const logLevel = (process.env['LOG_LEVEL'] ?? 'warn').toLowerCase();
const level = (['debug', 'info', 'warn', 'error'] as const).find((l) => l === logLevel) ?? 'warn';
Runtime.install({ logger: new DefaultLogger(level.toUpperCase() as 'WARN') });
const logger = createLogger({ level, name: 'dev' });

await mkdir(config.localDir, { recursive: true });
const temporal = await findOrStartTemporal(root, config.TEMPORAL_ADDRESS);
const stack = await startLocalStack(config, { logger }).catch(async (error: unknown) => {
  console.error('the local stack could not start:', error);
  await temporal.release();
  process.exit(1);
});

const api = stack.url;
const seeded = stack.seed.created ? 'seeded now' : 'already there';
const where = config.databaseUrl.startsWith('file:')
  ? `${config.databaseUrl.slice('file:'.length)} (one SQLite file per tenant beside it, in tenants/)`
  : 'DATABASE_URL (tenant databases on its server)';
console.log(`
chargeflow local stack is up
  API          ${api}   interactive docs ${api}/docs   OpenAPI ${api}/openapi.json
  health       ${api}/health (details with a platform operator's token)
  Temporal     ${config.TEMPORAL_ADDRESS}${temporal.startedByUs ? ' (dev server started for this stack)' : ' (found running)'}   UI ${config.TEMPORAL_UI_URL}
  database     ${where}${stack.migrations.length > 0 ? ` (migrated: ${stack.migrations.join(', ')})` : ''}
  devices      ${stack.devices.eventPath}
  telemetry    ${stack.devices.telemetryStore}
  demo         tenant ${stack.seed.tenantId}: station ${stack.seed.stationId}, tariff ${stack.seed.tariff.tariffId} v${stack.seed.tariff.version}, chargers ${stack.seed.chargers.map((c) => c.serialNo).join(', ')} (${seeded})
Sign in (POST ${api}/auth/sign-in, then send Authorization: Bearer <accessToken>):
  platform operator  {"phone":"${config.PLATFORM_ADMIN_PHONE}","password":"${config.PLATFORM_ADMIN_PASSWORD}"}
  demo operator      {"tenant":"${stack.seed.tenantId}","phone":"${config.DEMO_OPERATOR_PHONE}","password":"${config.DEMO_OPERATOR_PASSWORD}"}
  app users          POST /auth/sms-codes {"tenant":"${stack.seed.tenantId}","phone":"139…"}; the sandbox SMS sender keeps the code
                     (GET /platform/sandbox/sms as the platform operator); then POST /auth/app-sign-in with it
Try a charging session: npm run demo. Ctrl-C stops everything this command started.
`);

let stopping = false;
async function shutdown(signal: string, code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await stack.stop();
  await temporal.release();
  process.exit(code);
}
process.once('SIGINT', () => void shutdown('SIGINT', 0));
process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
stack.done.catch((error: unknown) => {
  console.error('the worker failed:', error);
  void shutdown('worker failure', 1);
});

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import {
  createHttpApp,
  exitOnConfigError,
  kafkaProbe,
  mongoProbe,
  openOrm,
  ormProbe,
  temporalProbe,
  workerProbe,
  type Probe,
} from '@chargeflow/adapters';
import { listen } from '@chargeflow/api';
import { createChargeflowWorker } from '@chargeflow/worker';
import { localStackConfig } from './config.js';
import { findOrStartTemporal } from './temporal.js';

// `npm start`: API, worker and (later) device ingestion in one process, on embedded defaults.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const config = exitOnConfigError(() => localStackConfig(root));
Runtime.install({ logger: new DefaultLogger((process.env['LOG_LEVEL'] ?? 'WARN') as 'WARN') });

await mkdir(`${root}/.services/local`, { recursive: true });
const temporal = await findOrStartTemporal(root, config.TEMPORAL_ADDRESS);
const orm = await openOrm({ url: config.databaseUrl });
const { worker, connection: workerConnection } = await createChargeflowWorker({
  address: config.TEMPORAL_ADDRESS,
  namespace: config.TEMPORAL_NAMESPACE,
});
const running = worker.run();
const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });

const probes: Probe[] = [
  temporalProbe(config.TEMPORAL_ADDRESS),
  workerProbe(client),
  ormProbe(orm, config.databaseUrl),
];
if (config.KAFKA_BROKERS) probes.push(kafkaProbe(config.KAFKA_BROKERS.split(',')));
if (config.MONGODB_URL) probes.push(mongoProbe(config.MONGODB_URL));
const server = await listen(createHttpApp({ probes: () => probes }), config.HOST, config.PORT);

const api = `http://${config.HOST}:${config.PORT}`;
console.log(`
chargeflow local stack is up
  API          ${api}
  health       ${api}/health
  Temporal     ${config.TEMPORAL_ADDRESS}${temporal.startedByUs ? ' (dev server started for this stack)' : ' (found running)'}
  Temporal UI  ${config.TEMPORAL_UI_URL}
  database     ${config.DATABASE_URL ? 'DATABASE_URL' : config.databaseUrl}
Ctrl-C stops everything this command started.
`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  server.close();
  worker.shutdown();
  await running.catch(() => undefined);
  await Promise.allSettled([workerConnection.close(), connection.close(), orm.close()]);
  await temporal.release();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

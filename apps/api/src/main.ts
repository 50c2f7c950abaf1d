import {
  connectChargeflowClient,
  createHttpApp,
  createLogger,
  kafkaProbe,
  mongoProbe,
  mysqlProbe,
  serviceEndpoints,
  temporalProbe,
  workerProbe,
  exitOnConfigError,
} from '@chargeflow/adapters';

import { listen } from './server.js';

// The production API process: every endpoint from the environment, health over the real services.
const config = exitOnConfigError(() => serviceEndpoints());
const host = process.env['HOST'] ?? '127.0.0.1';
const port = Number(process.env['PORT'] ?? 3000);
const { client } = await connectChargeflowClient({
  address: config.TEMPORAL_ADDRESS,
  namespace: config.TEMPORAL_NAMESPACE,
});
const probes = [
  mysqlProbe(config.DATABASE_URL),
  temporalProbe(config.TEMPORAL_ADDRESS),
  workerProbe(client),
  kafkaProbe(config.KAFKA_BROKERS),
  mongoProbe(config.MONGODB_URL),
];
const logger = createLogger({ name: 'api' });
await listen(createHttpApp({ probes: () => probes, logger }), host, port);
logger.info({ url: `http://${host}:${port}` }, 'chargeflow API listening (health: /health)');

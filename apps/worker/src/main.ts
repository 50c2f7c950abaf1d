import { exitOnConfigError, serviceEndpoints } from '@chargeflow/adapters';
import { createChargeflowWorker } from './worker.js';

// The production worker process: connects to TEMPORAL_ADDRESS and runs until SIGINT/SIGTERM.
const config = exitOnConfigError(() => serviceEndpoints());
const { worker, connection } = await createChargeflowWorker({
  address: config.TEMPORAL_ADDRESS,
  namespace: config.TEMPORAL_NAMESPACE,
});
console.log(`worker polling task queue on ${config.TEMPORAL_ADDRESS}`);
await worker.run();
await connection.close();

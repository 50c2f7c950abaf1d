// Device simulator CLI: simulated chargers answering commands from Kafka (see docs/kafka.md).
//   node --conditions=source --import tsx packages/adapters/src/simulator/cli.ts --serial SN1 --time-scale 60
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { serviceEndpoints } from '../config/endpoints.js';
import { exitOnConfigError } from '../config/exit-on-error.js';
import { deviceTopics, ensureTopics } from '../kafka/topics.js';
import type { AdapterLogger } from '../kafka/ports.js';
import { startDeviceSimulator } from './run.js';
import { SimulatorSettingsSchema } from './settings.js';

const { values } = parseArgs({
  options: {
    serial: { type: 'string', multiple: true },
    prefix: { type: 'string', default: '' },
    partitions: { type: 'string', default: '6' },
    profile: { type: 'string', default: 'ac7' },
    'battery-wh': { type: 'string' },
    'initial-soc': { type: 'string' },
    'sample-interval-ms': { type: 'string' },
    'heartbeat-interval-ms': { type: 'string' },
    'time-scale': { type: 'string' },
    'reject-starts': { type: 'boolean', default: false },
    'silent-after-ms': { type: 'string' },
    'silent-for-ms': { type: 'string' },
    duplicate: { type: 'string' },
    reorder: { type: 'string' },
    swipe: { type: 'string', multiple: true },
    help: { type: 'boolean', default: false },
  },
});

if (values.help === true || values.serial === undefined) {
  console.log(`usage: cli.ts --serial SN1 [--serial SN2 …] [--profile ac7|dc60|ebike] [--time-scale 60]
  [--sample-interval-ms 60000] [--heartbeat-interval-ms 300000] [--battery-wh 60000] [--initial-soc 20]
  [--reject-starts] [--silent-after-ms N --silent-for-ms N] [--duplicate N] [--reorder N]
  [--swipe CARD_NO …] (swiped at the first serial's connector 1, one a second, after start)
  [--prefix P] [--partitions 6]        brokers: KAFKA_BROKERS (default 127.0.0.1:9092)`);
  process.exit(values.help === true ? 0 : 64);
}

const number = (flag: string | undefined): number | undefined =>
  flag === undefined ? undefined : Number(flag);
const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

const settings = SimulatorSettingsSchema.safeParse(
  defined({
    profile: values.profile,
    batteryWh: number(values['battery-wh']),
    initialSoc: number(values['initial-soc']),
    sampleIntervalMs: number(values['sample-interval-ms']),
    heartbeatIntervalMs: number(values['heartbeat-interval-ms']),
    timeScale: number(values['time-scale']),
    rejectStarts: values['reject-starts'],
    silentAfterMs: number(values['silent-after-ms']),
    silentForMs: number(values['silent-for-ms']),
    duplicate: number(values.duplicate),
    reorderWindow: number(values.reorder),
  }),
);
if (!settings.success) {
  console.error(`simulator: invalid options: ${z.prettifyError(settings.error)}`);
  process.exit(64);
}

const { KAFKA_BROKERS } = exitOnConfigError(() => serviceEndpoints());
const topics = deviceTopics({ prefix: values.prefix, partitions: Number(values.partitions) });
const kafka = new Kafka({
  clientId: 'chargeflow-simulator',
  brokers: KAFKA_BROKERS,
  logLevel: logLevel.WARN,
});
const log =
  (level: string) =>
  (fields: object, message?: string): void =>
    console.log(JSON.stringify({ level, msg: message, ...fields }));
const logger: AdapterLogger = { info: log('info'), warn: log('warn'), error: log('error') };

const admin = kafka.admin();
await admin.connect();
await ensureTopics(admin, topics);
await admin.disconnect();

const simulator = await startDeviceSimulator({
  kafka,
  topics,
  serials: values.serial,
  settings: settings.data,
  logger,
});
console.log(
  `simulator: ${values.serial.join(', ')} listening on ${topics.commands}, publishing to ${topics.events}`,
);

// Card swipes (CARD_SWIPED): the platform answers with START_CHARGING or CARD_REJECTED (logged).
const [first] = values.serial;
for (const [index, cardNo] of (values.swipe ?? []).entries()) {
  setTimeout(
    () => {
      if (first !== undefined) simulator.swipe(first, cardNo);
    },
    1000 * (index + 1),
  ).unref();
}

const shutdown = (): void => {
  simulator.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

// Real client handshakes for scripts/services, through the product's own health probes and endpoint
// config (mysql2, the Temporal client, a kafkajs admin, the MongoDB driver), not just an open port.
//   node --import tsx scripts/services/handshake.ts <mariadb|temporal|kafka|ferretdb>
// Exit 0 when the service answers; otherwise one line naming the variable and the address tried.
import { connect } from 'node:net';
import { ConfigError, serviceEndpoint } from '../../packages/adapters/src/config/endpoints.js';
import { runProbe, type Probe } from '../../packages/adapters/src/health/probe.js';
import {
  kafkaProbe,
  mongoProbe,
  mysqlProbe,
  temporalProbe,
} from '../../packages/adapters/src/health/probes.js';

const TIMEOUT_MS = 3000;

interface Check {
  readonly variable: string;
  readonly probe: Probe;
  /** host:port pairs behind the endpoint, for a quick refusal (undefined when not readable). */
  readonly addresses: readonly string[] | undefined;
}

const urlAddress = (url: string, defaultPort: number): string[] | undefined => {
  if (url.startsWith('mongodb+srv:')) return undefined;
  const parsed = new URL(url);
  return [`${parsed.hostname.replace(/^\[|\]$/g, '')}:${parsed.port || defaultPort}`];
};

/** The check of one service; reads and validates only that service's variable (issue 9, item 7). */
function checkFor(svc: string): Check | undefined {
  switch (svc) {
    case 'mariadb': {
      const url = serviceEndpoint('DATABASE_URL');
      return { variable: 'DATABASE_URL', probe: mysqlProbe(url), addresses: urlAddress(url, 3306) };
    }
    case 'temporal': {
      const address = serviceEndpoint('TEMPORAL_ADDRESS');
      return { variable: 'TEMPORAL_ADDRESS', probe: temporalProbe(address), addresses: [address] };
    }
    case 'kafka': {
      const brokers = serviceEndpoint('KAFKA_BROKERS');
      return { variable: 'KAFKA_BROKERS', probe: kafkaProbe(brokers), addresses: brokers };
    }
    case 'ferretdb': {
      const url = serviceEndpoint('MONGODB_URL');
      return { variable: 'MONGODB_URL', probe: mongoProbe(url), addresses: urlAddress(url, 27017) };
    }
    default:
      return undefined;
  }
}

// A refused port fails at once; the clients would retry until their own timeouts (~3 s per poll).
const tcpOpen = (address: string): Promise<boolean> =>
  new Promise((resolve) => {
    const at = address.lastIndexOf(':');
    const socket = connect({ host: address.slice(0, at), port: Number(address.slice(at + 1)) });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

const svc = process.argv[2] ?? '';
let check: Check | undefined;
try {
  check = checkFor(svc);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : String(error));
  process.exit(2);
}
if (check === undefined) {
  console.error('usage: handshake.ts <mariadb|temporal|kafka|ferretdb>');
  process.exit(2);
}
const open = check.addresses === undefined ? [true] : await Promise.all(check.addresses.map(tcpOpen));
const result = open.includes(true)
  ? await runProbe(check.probe, TIMEOUT_MS)
  : {
      status: 'down',
      endpoint: check.probe.endpoint,
      detail: 'nothing listening (connection refused or timed out)',
    };
if (result.status === 'up') {
  console.log(`${svc}: up at ${result.endpoint} (${result.detail})`);
  process.exit(0);
}
console.error(`${svc}: no answer from ${check.variable}=${result.endpoint}: ${result.detail}`);
process.exit(1);

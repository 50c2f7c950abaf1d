#!/usr/bin/env node
// Real client handshakes, through the same libraries the product uses (not just an open port).
//   node scripts/services/handshake.mjs <mariadb|temporal|kafka|ferretdb>
// Exit 0 when the service answers; otherwise prints one line naming the variable and address tried.
import net from 'node:net';
import { endpoints } from './endpoints.mjs';

const TIMEOUT_MS = 3000;
const withTimeout = (promise, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`${what} timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS),
    ),
  ]);

// host:port pairs behind an endpoint (undefined when they cannot be read, e.g. mongodb+srv://).
const DEFAULT_PORTS = { mariadb: 3306, ferretdb: 27017 };
const addressesOf = (svc, value) => {
  if (svc === 'temporal' || svc === 'kafka') {
    return value.split(',').map((hostPort) => {
      const at = hostPort.trim().lastIndexOf(':');
      return { host: hostPort.trim().slice(0, at), port: Number(hostPort.trim().slice(at + 1)) };
    });
  }
  if (value.startsWith('mongodb+srv:')) return undefined;
  try {
    const url = new URL(value);
    return [{ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || DEFAULT_PORTS[svc]) }];
  } catch {
    return undefined;
  }
};
const tcpOpen = ({ host, port }) =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

// A refused port fails at once; the clients below would retry until their own timeouts (~3 s per poll).
async function portPrecheck(svc, value) {
  const addresses = addressesOf(svc, value);
  if (!addresses) return;
  const open = await Promise.all(addresses.map(tcpOpen));
  if (!open.includes(true)) throw new Error('nothing listening (connection refused or timed out)');
}

const checks = {
  async mariadb(url) {
    const { default: mysql } = await import('mysql2/promise');
    const conn = await mysql.createConnection({ uri: url, connectTimeout: TIMEOUT_MS });
    try {
      const [rows] = await conn.query('SELECT VERSION() AS v');
      return rows[0].v;
    } finally {
      await conn.end();
    }
  },
  async temporal(address) {
    const { Connection } = await import('@temporalio/client');
    const conn = await Connection.connect({ address, connectTimeout: TIMEOUT_MS });
    try {
      const info = await conn.workflowService.getSystemInfo({});
      return `server ${info.serverVersion || 'dev'}`;
    } finally {
      await conn.close();
    }
  },
  async kafka(brokers) {
    const { Kafka, logLevel } = await import('kafkajs');
    const kafka = new Kafka({
      clientId: 'chargeflow-handshake',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
      connectionTimeout: TIMEOUT_MS,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      return `${cluster.brokers.length} broker(s), controller ${cluster.controller}`;
    } finally {
      await admin.disconnect();
    }
  },
  async ferretdb(url) {
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(url, {
      serverSelectionTimeoutMS: TIMEOUT_MS,
      connectTimeoutMS: TIMEOUT_MS,
    });
    await client.connect();
    try {
      const info = await client.db('admin').command({ buildInfo: 1 });
      return `wire version ${info.maxWireVersion ?? '?'} (${info.version})`;
    } finally {
      await client.close();
    }
  },
};

const svc = process.argv[2];
const endpoint = endpoints[svc];
if (!checks[svc] || !endpoint) {
  console.error(`usage: handshake.mjs <${Object.keys(checks).join('|')}>`);
  process.exit(2);
}
try {
  await portPrecheck(svc, endpoint.value);
  const what = await withTimeout(checks[svc](endpoint.value), svc);
  console.log(`${svc}: up at ${endpoint.display} (${what})`);
  process.exit(0);
} catch (error) {
  console.error(
    `${svc}: no answer from ${endpoint.variable}=${endpoint.display}: ${error.message.split('\n')[0]}`,
  );
  process.exit(1);
}

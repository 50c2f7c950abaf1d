import { hidePassword, type Probe } from './probe.js';

/** MariaDB/MySQL: connect and ask the server version. */
export const mysqlProbe = (url: string): Probe => ({
  name: 'mariadb',
  endpoint: hidePassword(url),
  async check() {
    const { default: mysql } = await import('mysql2/promise');
    const connection = await mysql.createConnection({ uri: url, connectTimeout: 3000 });
    try {
      const [rows] = await connection.query('SELECT VERSION() AS version');
      return `server ${(rows as Array<{ version: string }>)[0]?.version ?? '?'}`;
    } finally {
      await connection.end();
    }
  },
});

/** Temporal frontend: open a gRPC connection and ask for system info. */
export const temporalProbe = (address: string): Probe => ({
  name: 'temporal',
  endpoint: address,
  async check() {
    const { Connection } = await import('@temporalio/client');
    const connection = await Connection.connect({ address, connectTimeout: 3000 });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      return `server ${info.serverVersion || 'dev'}`;
    } finally {
      await connection.close();
    }
  },
});

/** Kafka: an admin client describes the cluster. */
export const kafkaProbe = (brokers: readonly string[]): Probe => ({
  name: 'kafka',
  endpoint: brokers.join(','),
  async check() {
    const { Kafka, logLevel } = await import('kafkajs');
    const kafka = new Kafka({
      clientId: 'chargeflow-health',
      brokers: [...brokers],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      return `${cluster.brokers.length} broker(s)`;
    } finally {
      await admin.disconnect();
    }
  },
});

/** MongoDB wire protocol (MongoDB or FerretDB): connect and ask buildInfo. */
export const mongoProbe = (url: string): Probe => ({
  name: 'mongodb',
  endpoint: hidePassword(url),
  async check() {
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 3000, connectTimeoutMS: 3000 });
    await client.connect();
    try {
      const info = await client.db('admin').command({ buildInfo: 1 });
      return `server ${String(info['version'])}`;
    } finally {
      await client.close();
    }
  },
});

import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { runProbe, type Probe } from './probe.js';
import { kafkaProbe, mongoProbe, mysqlProbe, temporalProbe } from './probes.js';

// A loopback port that certainly has no service: bind it, note it, close it.
let closedPort = 0;
beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('health probes report a service that is down (foundation: smoke tests can fail)', () => {
  const cases: Array<[string, () => Probe]> = [
    ['mariadb', () => mysqlProbe(`mysql://u:secret@127.0.0.1:${closedPort}/db`)],
    ['temporal', () => temporalProbe(`127.0.0.1:${closedPort}`)],
    ['kafka', () => kafkaProbe([`127.0.0.1:${closedPort}`])],
    ['mongodb', () => mongoProbe(`mongodb://127.0.0.1:${closedPort}/db`)],
  ];

  it.each(cases)('%s: down, with the address tried and no password', async (name, make) => {
    const result = await runProbe(make(), 4000);
    expect(result).toMatchObject({ name, status: 'down' });
    expect(result.endpoint).toContain(String(closedPort));
    expect(result.endpoint).not.toContain('secret');
    expect(result.detail.length).toBeGreaterThan(0);
  });
});

describe('runProbe', () => {
  it('turns a hanging dependency into "down" at the deadline instead of waiting forever', async () => {
    const probe: Probe = { name: 'slow', endpoint: 'nowhere', check: () => new Promise<string>(() => {}) };
    const result = await runProbe(probe, 200);
    expect(result.status).toBe('down');
    expect(result.detail).toContain('200 ms');
    expect(result.latencyMs).toBeGreaterThanOrEqual(150);
  });
});

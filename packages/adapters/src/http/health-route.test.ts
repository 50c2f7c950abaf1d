import { describe, expect, it } from 'vitest';
import type { Probe } from '../health/probe.js';
import { stubHttpApp } from './test-support.js';

const probe = (name: string, answer: () => Promise<string>): Probe => ({
  name,
  endpoint: `${name}:1`,
  check: answer,
});

describe('GET /health (foundation: health reports each dependency; details only with system:health)', () => {
  it('is 200 with every dependency listed when all answer', async () => {
    const app = stubHttpApp({
      probes: () => [probe('database', async () => 'ok'), probe('temporal', async () => 'server 1')],
    });
    const anonymous = await app.request('/health');
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ status: 'up' }); // issue 9 item 6: no details for anyone
    const response = await app.request('/health', { headers: { authorization: 'Bearer operator' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      dependencies: Array<{ name: string; status: string }>;
    };
    expect(body.status).toBe('up');
    expect(body.dependencies.map((d) => `${d.name}:${d.status}`)).toEqual(['database:up', 'temporal:up']);
  });

  it('is 503 and names the failing dependency when one is down', async () => {
    const app = stubHttpApp({
      probes: () => [
        probe('database', async () => 'ok'),
        probe('kafka', async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:9092');
        }),
      ],
    });
    expect((await app.request('/health')).status).toBe(503);
    const response = await app.request('/health', { headers: { authorization: 'Bearer operator' } });
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      dependencies: Array<{ name: string; status: string; detail: string }>;
    };
    expect(body.dependencies.find((d) => d.name === 'kafka')).toMatchObject({
      status: 'down',
      detail: 'connect ECONNREFUSED 127.0.0.1:9092',
    });
  });

  it('answers unknown routes with a JSON error code', async () => {
    const response = await stubHttpApp({ probes: () => [] }).request('/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

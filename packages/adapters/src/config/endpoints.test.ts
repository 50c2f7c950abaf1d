import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_ENDPOINTS, serviceEndpoint, serviceEndpoints } from './endpoints.js';

describe('service endpoints from the environment (foundation: configuration)', () => {
  it('defaults to the loopback services scripts/services starts', () => {
    const config = serviceEndpoints({ CHARGEFLOW_CACHE: '/cache' });
    expect(config.DATABASE_URL).toBe(DEFAULT_ENDPOINTS.DATABASE_URL);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.TEMPORAL_TEST_SERVER_PATH).toBe('/cache/bin/temporal-test-server');
  });

  it('takes every endpoint from the environment', () => {
    const config = serviceEndpoints({
      DATABASE_URL: 'mysql://u:p@db.internal:3307/x',
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      TEMPORAL_ADDRESS: 'temporal:7233',
      MONGODB_URL: 'mongodb://mongo:27017/t',
    });
    expect(config.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092']);
    expect(config.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(config.MONGODB_URL).toBe('mongodb://mongo:27017/t');
  });

  it.each([
    ['DATABASE_URL', 'postgres://x/y'],
    ['TEMPORAL_ADDRESS', 'not an address'],
    ['KAFKA_BROKERS', 'k1:9092,:'],
    ['MONGODB_URL', 'http://mongo'],
  ])('rejects a bad %s with one line naming the variable and the value tried', (variable, value) => {
    let caught: unknown;
    try {
      serviceEndpoints({ [variable]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message).toContain(`${variable}=${value}`);
    expect(message).not.toContain('\n');
  });

  it('issue 9 item 7: one service is checked with its own variable only (DATABASE_URL=file:… does not break Temporal)', () => {
    const env = { DATABASE_URL: 'file:/tmp/local.db', TEMPORAL_ADDRESS: 'temporal:7233' };
    expect(() => serviceEndpoints(env)).toThrow(ConfigError);
    expect(serviceEndpoint('TEMPORAL_ADDRESS', env)).toBe('temporal:7233');
    expect(serviceEndpoint('KAFKA_BROKERS', env)).toEqual(['127.0.0.1:9092']);
    expect(() => serviceEndpoint('DATABASE_URL', env)).toThrow(/DATABASE_URL=file:\/tmp\/local.db/);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/endpoints.js';
import { parseTenantDbAdminUrls, serverAddress } from './admin-servers.js';

describe('TENANT_DB_ADMIN_URLS', () => {
  it('parses comma-separated admin URLs by host:port, decoding user and password', () => {
    const servers = parseTenantDbAdminUrls(
      'mysql://admin:p%40ss%3Aw@DB1.example:3307/ignored, mariadb://root2:x@db2.example',
    );
    expect([...servers.keys()]).toEqual(['db1.example:3307', 'db2.example:3306']);
    expect(servers.get('db1.example:3307')).toEqual({
      address: 'db1.example:3307',
      host: 'db1.example',
      port: 3307,
      user: 'admin',
      password: 'p@ss:w',
    });
  });

  it('is empty when unset', () => {
    expect(parseTenantDbAdminUrls(undefined).size).toBe(0);
    expect(parseTenantDbAdminUrls(' , ').size).toBe(0);
  });

  it.each(['http://a:b@h:1', 'mysql://h:3306', 'not a url', 'mysql://a:b@h:1,mysql://c:d@H:1'])(
    'refuses %j with a ConfigError that hides the password',
    (value) => {
      try {
        parseTenantDbAdminUrls(value);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toContain('TENANT_DB_ADMIN_URLS');
        expect((error as Error).message).not.toMatch(/:b@|:d@/);
      }
    },
  );

  it('matches datasource addresses case-insensitively by host', () => {
    expect(serverAddress('DB1.Example', 3306)).toBe('db1.example:3306');
  });
});

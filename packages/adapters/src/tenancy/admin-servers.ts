import { hidePassword } from '../health/probe.js';
import { ConfigError } from '../config/endpoints.js';

/** An administrative account on a MariaDB/MySQL server that hosts tenant databases. */
export interface AdminServer {
  /** `host:port` as datasources name it (host lower-cased). */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** Admin accounts by `host:port`. */
export type AdminServers = ReadonlyMap<string, AdminServer>;

/** The environment variable listing the admin URLs. */
export const ADMIN_URLS_VARIABLE = 'TENANT_DB_ADMIN_URLS';

/** The key a datasource's host and port are matched by. */
export const serverAddress = (host: string, port: number): string => `${host.toLowerCase()}:${port}`;

/**
 * Parses TENANT_DB_ADMIN_URLS: comma-separated `mysql://user:password@host:port` URLs (mariadb:
 * too; port 3306 when omitted; user and password URL-encoded), one per server that may host tenant
 * databases. Unset or empty: no server (every datasource then fails with DATASOURCE_SERVER_UNKNOWN).
 * A ConfigError names the bad entry with its password hidden.
 */
export function parseTenantDbAdminUrls(value: string | undefined): AdminServers {
  const servers = new Map<string, AdminServer>();
  for (const entry of (value ?? '').split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const fail = (reason: string): never => {
      throw new ConfigError(ADMIN_URLS_VARIABLE, hidePassword(entry), reason);
    };
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return fail('expected mysql://user:password@host:port');
    }
    if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:')
      fail('expected a mysql:// or mariadb:// URL');
    if (url.hostname === '' || url.username === '') fail('expected mysql://user:password@host:port');
    const port = url.port === '' ? 3306 : Number(url.port);
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const address = serverAddress(host, port);
    if (servers.has(address)) fail(`${address} is listed twice`);
    servers.set(address, {
      address,
      host,
      port,
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
  }
  return servers;
}

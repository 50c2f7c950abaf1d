import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

// Edge guards every route shares, before any route code or database sees the request.

/** The default request body limit: 1 MiB (HTTP_BODY_LIMIT_BYTES). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

const CONTROL = /\p{Cc}/u;

const issue = (path: string, message: string) => ({ path, message });

/** The answer to a request refused at the edge: 400 VALIDATION_FAILED naming the field. */
function refused(c: Context, issues: readonly { path: string; message: string }[]): Response {
  return c.json(
    {
      error: {
        code: 'VALIDATION_FAILED',
        message: `invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        details: { issues },
      },
    },
    400,
  );
}

/** Paths of the strings in a JSON value that contain a NUL character. */
function nulStrings(value: unknown, path: string, found: string[]): string[] {
  if (found.length >= 10) return found;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulStrings(item, `${path}.${index}`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push(`${path}.(key)`);
      nulStrings(item, `${path}.${key}`, found);
    }
  }
  return found;
}

/**
 * Refuses control characters in the path and the query string, and NUL characters anywhere in a
 * JSON body, with 400 VALIDATION_FAILED. The ORM inlines values into the SQL text it sends, and
 * SQLite ends a statement at a NUL, so such a value must never get that far; no identifier or query
 * value of the API needs a control character. A malformed percent-encoding is refused the same way.
 */
export const rejectControlCharacters: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return refused(c, [issue('path', 'malformed percent-encoding')]);
  }
  if (CONTROL.test(path)) return refused(c, [issue('path', 'control characters are not allowed')]);
  let entries: [string, string][];
  try {
    entries = [...new URLSearchParams(url.search).entries()];
  } catch {
    return refused(c, [issue('query', 'malformed query string')]);
  }
  const badQuery = entries
    .filter(([key, value]) => CONTROL.test(key) || CONTROL.test(value))
    .map(([key]) => issue(`query.${key.replace(/\p{Cc}/gu, '?')}`, 'control characters are not allowed'));
  if (badQuery.length > 0) return refused(c, badQuery);
  if (/^application\/([\w.-]+\+)?json/i.test(c.req.header('content-type') ?? '')) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      body = undefined; // malformed JSON: the route's validator answers it
    }
    const found = nulStrings(body, 'body', []);
    if (found.length > 0)
      return refused(
        c,
        found.map((p) => issue(p, 'NUL characters are not allowed')),
      );
  }
  return next();
};

/** Refuses bodies above `maxBytes` with 413 PAYLOAD_TOO_LARGE before they are buffered whole. */
export const limitBody = (maxBytes: number): MiddlewareHandler =>
  bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.json(
        {
          error: {
            code: 'PAYLOAD_TOO_LARGE',
            message: `the request body exceeds ${maxBytes} bytes`,
            details: { maxBytes },
          },
        },
        413,
      ),
  });

/** A route as Hono lists it (`app.routes`). */
export interface ListedRoute {
  readonly method: string;
  readonly path: string;
}

const patternOf = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}/?$`,
  );

/** The methods other routes serve at `path` (for 405 and its Allow header); empty when none does. */
export function allowedMethods(routes: readonly ListedRoute[], path: string): string[] {
  const methods = routes
    .filter((route) => route.method !== 'ALL' && route.path !== '*' && patternOf(route.path).test(path))
    .map((route) => route.method.toUpperCase());
  const unique = [...new Set(methods)];
  if (unique.includes('GET') && !unique.includes('HEAD')) unique.push('HEAD');
  return unique.sort();
}

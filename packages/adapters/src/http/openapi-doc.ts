// The served OpenAPI document: what the routers declare, plus the error answers every route can give
// because of the shared edge (validation, body limit, media type, internal errors), so the document
// says everything the server returns.

/** A loose view of an OpenAPI 3.0 document (only what is post-processed here). */
interface OpenApiDocument {
  paths?: Record<
    string,
    Record<string, { requestBody?: unknown; security?: unknown[]; responses?: Record<string, unknown> }>
  >;
  [key: string]: unknown;
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

/** The error answers of the shared edge, by status, and when they apply. */
const STANDARD = [
  {
    status: '400',
    applies: () => true,
    description:
      'VALIDATION_FAILED: the path, query or body does not match the schema (details.issues name the fields); control characters in the path or query and NUL characters in the body are refused',
  },
  {
    status: '413',
    applies: (op: { requestBody?: unknown }) => op.requestBody !== undefined,
    description:
      'PAYLOAD_TOO_LARGE: the body exceeds the configured limit (HTTP_BODY_LIMIT_BYTES, 1 MiB by default)',
  },
  {
    status: '415',
    applies: (op: { requestBody?: unknown }) => op.requestBody !== undefined,
    description: 'UNSUPPORTED_MEDIA_TYPE: a body that is not application/json',
  },
  {
    status: '401',
    applies: (op: { security?: unknown[] }) => (op.security ?? []).length > 0,
    description:
      'UNAUTHENTICATED: no credentials, or an expired, tampered or revoked access token or API key (details.reason)',
  },
  {
    status: '403',
    applies: (op: { security?: unknown[] }) => (op.security ?? []).length > 0,
    description: 'ACCESS_DENIED: the caller lacks the permission this operation declares in x-permission',
  },
  {
    status: '500',
    applies: () => true,
    description: 'INTERNAL: an unexpected failure (logged; never a stack trace)',
  },
] as const;

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

const isNullableMarker = (value: unknown): boolean =>
  value !== null &&
  typeof value === 'object' &&
  Object.keys(value).length === 1 &&
  (value as { nullable?: unknown }).nullable === true;

/**
 * zod-to-openapi writes a nullable reference (`Money.nullable()`) as `allOf: [{ $ref }, { nullable: true }]`,
 * which OpenAPI 3.0 reads as "never null" (`nullable` without a `type` has no effect). Rewrites it,
 * at any depth, to `{ nullable: true, allOf: [{ $ref }] }`, which says what the server sends.
 */
function normaliseNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normaliseNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = normaliseNullable(value);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const parts = out[key];
    if (Array.isArray(parts) && parts.some(isNullableMarker)) {
      const rest = parts.filter((part) => !isNullableMarker(part));
      delete out[key];
      out['nullable'] = true;
      out[rest.length === 1 ? 'allOf' : key] = rest;
    }
  }
  return out;
}

/** Adds the shared error answers to every operation that does not document them itself. */
export function withStandardResponses<T extends object>(document: T): T {
  const doc = normaliseNullable(structuredClone(document)) as OpenApiDocument;
  for (const item of Object.values(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const responses = (operation.responses ??= {});
      for (const standard of STANDARD) {
        if (standard.applies(operation) && responses[standard.status] === undefined) {
          responses[standard.status] = errorResponse(standard.description);
        }
      }
    }
  }
  return doc as T;
}

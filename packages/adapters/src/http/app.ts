import { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { SignIn } from '../access/sign-in.js';
import type { ApiKeys } from '../auth/ports.js';
import type { Probe } from '../health/probe.js';
import type { OnboardingServices } from '../onboarding/services.js';
import type { PaymentCallbackInbox } from '../payments/callback-inbox.js';
import { silentLogger, type AdapterLogger } from '../kafka/ports.js';
import { apiKeysRoutes } from './api-keys-routes.js';
import { appRoutes } from './app-routes.js';
import { auditRoutes } from './audit-routes.js';
import { authRoutes } from './auth-routes.js';
import { cardProductRoutes } from './card-product-routes.js';
import { cardRoutes } from './card-routes.js';
import { chargersRoutes } from './chargers-routes.js';
import { contractRoutes } from './contract-routes.js';
import { collectiveAccountRoutes } from './collective-account-routes.js';
import { docsRoutes } from './docs-routes.js';
import { errorHandler, validationHook } from './errors.js';
import { DEFAULT_BODY_LIMIT_BYTES, allowedMethods, limitBody, rejectControlCharacters } from './guards.js';
import { healthRoute } from './health-route.js';
import { withStandardResponses } from './openapi-doc.js';
import { departmentsRoutes } from './departments-routes.js';
import { memberRoutes } from './member-routes.js';
import { orderEndRoutes } from './order-end-routes.js';
import { ebikeSocketRoutes } from './ebike-socket-routes.js';
import { ebikeDeviceRoutes } from './ebike-device-routes.js';
import { tariffTestRoutes } from './tariff-test-routes.js';
import { ordersRoutes } from './orders-routes.js';
import { onboardingRoutes } from './onboarding-routes.js';
import { postsRoutes } from './posts-routes.js';
import { propertiesRoutes } from './properties-routes.js';
import { providersRoutes } from './providers-routes.js';
import { rolesRoutes } from './roles-routes.js';
import { usersRoutes } from './users-routes.js';
import { paymentCallbackRoutes } from './payment-callback-routes.js';
import { refundRoutes } from './refund-routes.js';
import { invoiceRoutes } from './invoice-routes.js';
import { splitRoutes } from './split-routes.js';
import { platformRoutes, type PlatformServices } from './platform-routes.js';
import type { AppEnv } from './security/env.js';
import type { AccessRuntime } from './security/guard.js';
import { DEFAULT_AUTH_RATE_LIMITS, type AuthRateLimits } from './security/rate-limit.js';
import { auditWrites, requestContext } from './security/request-context.js';
import { stationConfigRoutes } from './station-config-routes.js';
import { stationsRoutes } from './stations-routes.js';
import { tariffsRoutes } from './tariffs-routes.js';
import { parkingRoutes } from './parking-routes.js';
import { whitelistRoutes } from './whitelist-routes.js';
import { reservationRoutes } from './reservation-routes.js';
import { occupancyRoutes } from './occupancy-routes.js';
import { cameraCommandRoutes } from './camera-command-routes.js';

/** Everything the API is built from; the composition root (apps/api) builds the real ones. */
export interface HttpDependencies {
  /** The dependencies /health reports on (read on each request, so late-started ones appear). */
  readonly probes: () => readonly Probe[];
  /** Resolves credentials to callers and callers to their tenant's scoped services. */
  readonly access: AccessRuntime & { forget(tenantId?: string): void };
  readonly signIn: SignIn;
  readonly platform: PlatformServices;
  /** Registrations, profiles, opening/closing tenants and contracts (TEN-1 … TEN-4). */
  readonly onboarding: OnboardingServices;
  readonly apiKeys: ApiKeys;
  /** PAY-1: where channel callbacks are verified and applied. */
  readonly paymentCallbacks: PaymentCallbackInbox;
  /** Epoch ms: stamps tariff versions (TAR-3) and judges which one is in force. Defaults to the system clock. */
  readonly clock?: () => number;
  /** Largest accepted request body (HTTP_BODY_LIMIT_BYTES); 1 MiB by default. */
  readonly bodyLimitBytes?: number;
  /** Origins allowed by CORS (CORS_ORIGINS); none: CORS is off (no Access-Control-* headers). */
  readonly corsOrigins?: readonly string[];
  /** Per-address limits of the sign-in routes. */
  readonly rateLimits?: AuthRateLimits;
  /** Trust the first X-Forwarded-For hop as the client address (behind your own proxy only). */
  readonly trustProxy?: boolean;
  /** Request lines and unexpected errors (pino); nothing is logged without it. */
  readonly logger?: AdapterLogger;
}

const DOCUMENT = {
  openapi: '3.0.3',
  info: {
    title: 'chargeflow',
    version: '0.1.0',
    description:
      'Charging business engine: tenants, onboarding and contracts, sign-in, assets, tariffs, charging orders. ' +
      'Every operation but sign-in, self-service registration (/onboarding/*), /health, /openapi.json and /docs needs `Authorization: Bearer <access token>` or `X-API-Key`, and names ' +
      'the one permission it needs in `x-permission`. Errors: { error: { code, message, details } }.',
  },
};

/**
 * The chargeflow HTTP API: one chain of routers (so `hc<HttpApp>` sees every route) behind the
 * shared edge: request id and log line, secure headers, optional CORS, body limit, control
 * characters, audit log of writes. Every route is public by declaration or secured by its one
 * permission (see security/route.ts).
 */
export function createHttpApp(deps: HttpDependencies) {
  const clock = deps.clock ?? Date.now;
  const logger = deps.logger ?? silentLogger;
  const { access } = deps;
  const forget = (tenantId: string) => access.forget(tenantId);
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requestContext({ logger, trustProxy: deps.trustProxy ?? false }));
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-origin' }));
  if (deps.corsOrigins !== undefined && deps.corsOrigins.length > 0) {
    app.use('*', cors({ origin: [...deps.corsOrigins], credentials: false, maxAge: 600 }));
  }
  app.use('*', limitBody(deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES));
  app.use('*', rejectControlCharacters);
  app.use('*', auditWrites({ platform: deps.platform.audit, clock, logger }));

  const rateLimits = deps.rateLimits ?? DEFAULT_AUTH_RATE_LIMITS;
  const routes = app
    .route('/', healthRoute(deps.probes, access))
    .route(
      '/',
      docsRoutes(() => document()),
    )
    .route('/', authRoutes(deps.signIn, rateLimits, clock))
    .route('/', platformRoutes(access, deps.platform))
    .route('/', onboardingRoutes(access, deps.onboarding, rateLimits, clock))
    .route('/', contractRoutes(access, deps.onboarding))
    .route('/', providersRoutes(access, forget))
    .route('/', propertiesRoutes(access, forget))
    .route('/', usersRoutes(access, forget))
    .route('/', rolesRoutes(access, forget))
    .route('/', departmentsRoutes(access))
    .route('/', postsRoutes(access))
    .route('/', apiKeysRoutes(access, deps.apiKeys, forget))
    .route('/', auditRoutes(access))
    .route('/', stationsRoutes(access))
    .route('/', stationConfigRoutes(access))
    .route('/', chargersRoutes(access))
    .route('/', tariffsRoutes(access, clock))
    .route('/', ordersRoutes(access))
    .route('/', orderEndRoutes(access))
    .route('/', cardProductRoutes(access))
    .route('/', collectiveAccountRoutes(access))
    .route('/', cardRoutes(access))
    .route('/', memberRoutes(access, forget))
    .route('/', appRoutes(access))
    .route('/', refundRoutes(access))
    .route('/', invoiceRoutes(access))
    .route('/', splitRoutes(access))
    .route('/', paymentCallbackRoutes(deps.paymentCallbacks))
    .route('/', ebikeSocketRoutes(access))
    .route('/', tariffTestRoutes(access, clock))
    .route('/', parkingRoutes(access))
    .route('/', whitelistRoutes(access))
    .route('/', reservationRoutes(access))
    .route('/', occupancyRoutes(access))
    .route('/', cameraCommandRoutes(access))
    .route('/', ebikeDeviceRoutes(access));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /auth/sign-in, /auth/app-sign-in or /auth/refresh (15 minutes)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKeyAuth', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'A machine client’s key from POST /api-keys (cf_…)',
  });
  let cached: object | undefined;
  const document = (): object => (cached ??= withStandardResponses(app.getOpenAPIDocument(DOCUMENT)));

  app.notFound((c) => {
    const allow = allowedMethods(app.routes, c.req.path);
    if (allow.length > 0) {
      c.header('Allow', allow.join(', '));
      return c.json(
        {
          error: {
            code: 'METHOD_NOT_ALLOWED',
            message: `${c.req.method} is not allowed on ${c.req.path}`,
            details: { allow },
          },
        },
        405,
      );
    }
    return c.json(
      { error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}`, details: {} } },
      404,
    );
  });
  app.onError(errorHandler(logger));
  return routes;
}

/** The API's type: every route, for a typed client (`hc<HttpApp>`). */
export type HttpApp = ReturnType<typeof createHttpApp>;

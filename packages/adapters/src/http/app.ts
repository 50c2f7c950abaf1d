import { OpenAPIHono } from '@hono/zod-openapi';
import type { ChargingService } from '../charging/charging-service.js';
import type { Probe } from '../health/probe.js';
import type { AssetRepository } from '../persistence/repositories/asset-repository.js';
import type { TariffRepository } from '../persistence/repositories/tariff-repository.js';
import { silentLogger, type AdapterLogger } from '../kafka/ports.js';
import { chargersRoutes } from './chargers-routes.js';
import { errorHandler, validationHook } from './errors.js';
import { DEFAULT_BODY_LIMIT_BYTES, allowedMethods, limitBody, rejectControlCharacters } from './guards.js';
import { healthRoute } from './health-route.js';
import { withStandardResponses } from './openapi-doc.js';
import { ordersRoutes } from './orders-routes.js';
import { stationsRoutes } from './stations-routes.js';
import { tariffsRoutes } from './tariffs-routes.js';

/** The repositories the asset and tariff routes work on. */
export interface AssetDependencies {
  readonly assets: AssetRepository;
  readonly tariffs: TariffRepository;
}

export interface HttpDependencies {
  /** The dependencies /health reports on (read on each request, so late-started ones appear). */
  readonly probes: () => readonly Probe[];
  /** Stations, areas, chargers, connectors and tariffs; without it those routes are not mounted. */
  readonly assets?: AssetDependencies;
  /** Charging orders; without it the /orders routes are not mounted. */
  readonly charging?: ChargingService;
  /** Epoch ms: stamps tariff versions (TAR-3) and judges which one is in force. Defaults to the system clock. */
  readonly clock?: () => number;
  /** Largest accepted request body (HTTP_BODY_LIMIT_BYTES); 1 MiB by default. */
  readonly bodyLimitBytes?: number;
  /** Where unexpected errors are logged (pino); nothing is logged without it. */
  readonly logger?: AdapterLogger;
}

const DOCUMENT = {
  openapi: '3.0.3',
  info: {
    title: 'chargeflow',
    version: '0.1.0',
    description:
      'Charging business engine: assets, tariffs, charging orders. Errors: { error: { code, message, details } }.',
  },
};

/** The chargeflow HTTP API. Routers are composed here; each route file is about one resource. */
export function createHttpApp(deps: HttpDependencies) {
  const clock = deps.clock ?? Date.now;
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use('*', limitBody(deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES));
  app.use('*', rejectControlCharacters);
  app.route('/', healthRoute(deps.probes));
  if (deps.assets) {
    app.route('/', stationsRoutes(deps.assets.assets));
    app.route('/', chargersRoutes(deps.assets.assets));
    app.route('/', tariffsRoutes({ ...deps.assets, clock }));
  }
  if (deps.charging) app.route('/', ordersRoutes(deps.charging));
  const document = () => withStandardResponses(app.getOpenAPIDocument(DOCUMENT));
  app.get('/openapi.json', (c) => c.json(document()));
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
  app.onError(errorHandler(deps.logger ?? silentLogger));
  return app;
}

export type HttpApp = ReturnType<typeof createHttpApp>;

/** Typed-client (`hc<…>`) types of the routers; createHttpApp mounts them conditionally, so its own type has only /health. */
export type StationsApi = ReturnType<typeof stationsRoutes>;
export type ChargersApi = ReturnType<typeof chargersRoutes>;
export type TariffsApi = ReturnType<typeof tariffsRoutes>;
export type OrdersApi = ReturnType<typeof ordersRoutes>;

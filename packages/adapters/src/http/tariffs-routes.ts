import {
  CarTariffSchema,
  DomainError,
  EbikeTariffSchema,
  isDomainError,
  tariffInForce,
} from '@chargeflow/core';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AssetRepository } from '../persistence/repositories/asset-repository.js';
import type { TariffVersionRecord } from '../persistence/repositories/tariff-repository.js';
import { IdParam, errorResponses, iso, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

/** What a client sends: core's tariff schema without `savedAt` (the server's clock sets it, TAR-3). */
const clientFields = {
  /** The tariff's id; `T-<areaId>` when absent. */
  id: z.string().min(1).max(64).optional(),
  /** The version; the next one of this id in the area when absent. */
  version: z.int().min(1).max(1_000_000).optional(),
  /** The area it prices; the station's default area when absent. */
  areaId: IdParam.optional(),
};
const NewTariffVersionSchema = z
  .discriminatedUnion('kind', [
    CarTariffSchema.omit({ id: true, version: true, savedAt: true }).extend(clientFields),
    EbikeTariffSchema.omit({ id: true, version: true, savedAt: true }).extend(clientFields),
  ])
  .openapi('NewTariffVersion');

const TariffVersionSchema = z
  .object({
    tariffId: z.string(),
    version: z.number().int(),
    kind: z.enum(['CAR', 'EBIKE']),
    stationId: z.string().nullable(),
    areaId: z.string().nullable(),
    savedAt: z.string(),
    /** 24:00 station-local of the day it was saved (TAR-3), ISO 8601 UTC. */
    effectiveFrom: z.string(),
    /** True for the version that prices a session starting now. */
    inForce: z.boolean(),
    definition: z.record(z.string(), z.unknown()),
  })
  .openapi('TariffVersion');

const StationParams = z.object({ stationId: IdParam });

/** Tariff versions of a station's areas (TAR-1…13 validated by core; TAR-3 effective dating). */
export function tariffsRoutes(access: AccessRuntime, clock: () => number) {
  const createVersion = securedRoute(
    access,
    { permission: 'tariff:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/stations/{stationId}/tariffs',
      tags: ['tariffs'],
      summary:
        'Save a tariff version for an area (default area unless areaId); effective at the next local 24:00',
      request: {
        params: StationParams,
        body: { ...jsonBody(NewTariffVersionSchema, 'the tariff definition'), required: true },
      },
      responses: { 201: jsonBody(TariffVersionSchema, 'saved'), ...errorResponses(400, 404, 409, 422) },
    },
  );

  const listVersions = securedRoute(
    access,
    { permission: 'tariff:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/stations/{stationId}/tariffs',
      tags: ['tariffs'],
      summary: 'Tariff versions of an area (default area unless areaId), oldest effective first',
      request: { params: StationParams, query: z.object({ areaId: IdParam.optional() }) },
      responses: {
        200: jsonBody(z.object({ items: z.array(TariffVersionSchema) }), 'versions'),
        ...errorResponses(404),
      },
    },
  );

  const areaOf = async (assets: AssetRepository, stationId: string, areaId: string | undefined) => {
    const station = await assets.getStation(stationId);
    const areas = await assets.listAreas(station.id);
    const area = areaId === undefined ? areas.find((a) => a.isDefault) : areas.find((a) => a.id === areaId);
    if (!area) {
      throw new DomainError('AREA_NOT_FOUND', `no area ${areaId ?? '(default)'} in station ${stationId}`, {
        stationId,
        areaId: areaId ?? null,
      });
    }
    return { station, area };
  };
  const views = (versions: readonly TariffVersionRecord[], timeZone: string) => {
    const stamped = versions.map((v) => ({ ...v, id: v.tariffId }));
    const current = tariffInForce(stamped, clock(), timeZone);
    return versions.map((v) => ({
      ...v,
      effectiveFrom: iso(v.effectiveFrom),
      inForce: current.ok && current.value.tariffId === v.tariffId && current.value.version === v.version,
    }));
  };

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(createVersion, async (c) => {
      const { areaId, id, version, ...definition } = c.req.valid('json');
      const { assets, tariffs } = tenantOf(c);
      const { station, area } = await areaOf(assets, c.req.valid('param').stationId, areaId);
      if (definition.kind !== station.kind) {
        throw new DomainError(
          'TARIFF_KIND_MISMATCH',
          `a ${definition.kind} tariff for a ${station.kind} station`,
          {
            stationId: station.id,
            stationKind: station.kind,
            tariffKind: definition.kind,
          },
        );
      }
      const tariffId = id ?? `T-${area.id}`;
      // Without an explicit version each save appends the next one; saves racing for the same number
      // are decided by the unique key (tariffId, version) and the loser takes the next number.
      for (let attempt = 1; ; attempt += 1) {
        const existing = await tariffs.versionsForArea(area.id);
        const next =
          version ??
          Math.max(0, ...existing.filter((v) => v.tariffId === tariffId).map((v) => v.version)) + 1;
        try {
          const saved = await tariffs.saveVersion({
            areaId: area.id,
            definition: { ...definition, id: tariffId, version: next, savedAt: iso(clock()) },
          });
          const [view] = views([...existing, saved], station.timezone).slice(-1);
          return c.json(view ?? { ...saved, effectiveFrom: iso(saved.effectiveFrom), inForce: false }, 201);
        } catch (error) {
          const retry =
            version === undefined && attempt < 50 && isDomainError(error, 'TARIFF_VERSION_EXISTS');
          if (!retry) throw error;
        }
      }
    })
    .openapi(listVersions, async (c) => {
      const { assets, tariffs } = tenantOf(c);
      const { station, area } = await areaOf(
        assets,
        c.req.valid('param').stationId,
        c.req.valid('query').areaId,
      );
      return c.json({ items: views(await tariffs.versionsForArea(area.id), station.timezone) }, 200);
    });
}

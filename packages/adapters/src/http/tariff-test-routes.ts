import {
  CarTariffSchema,
  DomainError,
  EbikeTariffSchema,
  MAX_METER_WH,
  TouBandSchema,
  parseCarTariff,
  parseEbikeTariff,
  quoteCar,
  testEbikeTariff,
  unwrap,
  type Bill,
} from '@chargeflow/core';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { versionInForce } from '../charging/ebike-start.js';
import { IdParam, errorResponses, iso, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import { BillSchema, billView } from './order-views.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const draft = { id: true, version: true, savedAt: true } as const;

/** The question of a tariff test (计费测试): quantities, optionally against an unsaved definition. */
const TariffTestSchema = z
  .object({
    /** The area whose tariff in force is tested; the station's default area when absent. */
    areaId: IdParam.optional(),
    /** Test this definition (not saved) instead of the version in force. */
    tariff: z
      .discriminatedUnion('kind', [CarTariffSchema.omit(draft), EbikeTariffSchema.omit(draft)])
      .optional(),
    /** Energy, Wh (car: required; e-bike UNIFIED, PERIOD_SERVICE, POWER_SERVICE). */
    energyWh: z.int().min(0).max(MAX_METER_WH).optional(),
    /** TOU car tariffs: the band all the energy is priced in. */
    band: TouBandSchema.optional(),
    /** E-bike: the session's duration, whole seconds (at most the 48-h ceiling of any threshold). */
    durationS: z.int().min(0).max(172_800).optional(),
    /** E-bike POWER, POWER_SERVICE: the highest power of the session, W. */
    maxPowerW: z.int().min(0).max(100_000_000).optional(),
  })
  .openapi('TariffTest');

const StationParams = z.object({ stationId: IdParam });

/** TAR-5 (car: energy → breakdown) and TAR-11 (e-bike: duration, power, energy → breakdown by the band that applies). */
export function tariffTestRoutes(access: AccessRuntime, clock: () => number) {
  const test = securedRoute(
    access,
    { permission: 'tariff:list', plane: 'tenant' },
    {
      method: 'post',
      path: '/stations/{stationId}/tariff-test',
      tags: ['tariffs'],
      summary:
        'Tariff test (TAR-5, TAR-11): the bill the tariff in force (or a draft) gives for an energy, duration or power',
      request: {
        params: StationParams,
        body: { ...jsonBody(TariffTestSchema, 'the quantities to price'), required: true },
      },
      responses: {
        200: jsonBody(z.object({ bill: BillSchema }), 'the bill, line by line'),
        ...errorResponses(400, 404, 409, 422),
      },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(test, async (c) => {
    const body = c.req.valid('json');
    const { assets, tariffs } = tenantOf(c);
    const station = await assets.getStation(c.req.valid('param').stationId);
    const areas = await assets.listAreas(station.id);
    const area =
      body.areaId === undefined ? areas.find((a) => a.isDefault) : areas.find((a) => a.id === body.areaId);
    if (!area) {
      throw new DomainError(
        'AREA_NOT_FOUND',
        `no area ${body.areaId ?? '(default)'} in station ${station.id}`,
        {
          stationId: station.id,
          areaId: body.areaId ?? null,
        },
      );
    }
    let definition: unknown;
    if (body.tariff !== undefined) {
      if (body.tariff.kind !== station.kind) {
        throw new DomainError(
          'TARIFF_KIND_MISMATCH',
          `a ${body.tariff.kind} tariff for a ${station.kind} station`,
          {
            stationId: station.id,
            stationKind: station.kind,
            tariffKind: body.tariff.kind,
          },
        );
      }
      definition = { ...body.tariff, id: 'TARIFF-TEST', version: 1, savedAt: iso(clock()) };
    } else {
      const version = versionInForce(
        await tariffs.versionsForArea(area.id),
        clock(),
        station.timezone,
        station.kind,
      );
      if (!version) {
        throw new DomainError('TARIFF_NOT_FOUND', `no ${station.kind} tariff in force for area ${area.id}`, {
          stationId: station.id,
          areaId: area.id,
        });
      }
      definition = version.definition;
    }
    let bill: Bill;
    if (station.kind === 'EBIKE') {
      if (body.durationS === undefined) {
        throw new DomainError('TARIFF_TEST_INPUT_MISSING', 'an e-bike tariff test needs durationS', {
          field: 'durationS',
        });
      }
      bill = unwrap(
        testEbikeTariff(unwrap(parseEbikeTariff(definition)), {
          durationSeconds: body.durationS,
          ...(body.energyWh === undefined ? {} : { energyWh: body.energyWh }),
          ...(body.maxPowerW === undefined ? {} : { maxPowerW: body.maxPowerW }),
        }),
      );
    } else {
      if (body.energyWh === undefined) {
        throw new DomainError('TARIFF_TEST_INPUT_MISSING', 'a car tariff test needs energyWh', {
          field: 'energyWh',
        });
      }
      bill = quoteCar(unwrap(parseCarTariff(definition)), {
        energyWh: body.energyWh,
        ...(body.band === undefined ? {} : { band: body.band }),
      });
    }
    return c.json({ bill: billView(bill) }, 200);
  });
}

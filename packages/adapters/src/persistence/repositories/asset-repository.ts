import { randomUUID } from 'node:crypto';
import {
  DEFAULT_MAX_PREPAY_FEN,
  PREPAY_CEILING_FEN,
  canAddUnder,
  unwrap,
  type AssetNode,
  type Fen,
} from '@chargeflow/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import {
  AreaEntity,
  ChargerEntity,
  ConnectorEntity,
  PropertyEntity,
  ProviderEntity,
  StationEntity,
  type AreaRow,
  type ChargerRow,
  type ConnectorRow,
  type PropertyRow,
  type StationRow,
} from '../entities/assets.js';
import { PersistenceError, isUniqueViolation } from '../errors.js';
import {
  CHARGER_COLUMNS,
  STATION_COLUMNS,
  WHOLE_TENANT,
  propertyWhere,
  scopeWhere,
  within,
  type QueryScope,
} from '../scope.js';
import {
  toAreaRecord,
  toChargerRecord,
  toConnectorRecord,
  toStationRecord,
  type AreaRecord,
  type ChargerRecord,
  type ConnectorRecord,
  type StationRecord,
} from './asset-records.js';
import { applyOrgEffects } from './org-effects.js';
import { checkOrgGate } from './org-gates.js';

/** Input of a new station (ASSET-1); `id` defaults to a UUID, `timezone` to Asia/Shanghai. */
export interface NewStation {
  readonly id?: string;
  readonly propertyId: string;
  readonly kind: 'CAR' | 'EBIKE';
  readonly name: string;
  readonly timezone?: string;
  readonly address?: string;
  readonly hotline?: string;
  readonly enabled?: boolean;
  /** ORD-1 prepay limit (fen, 1 … PREPAY_CEILING_FEN); DEFAULT_MAX_PREPAY_FEN when absent. */
  readonly maxPrepay?: Fen;
}

/** Input of a new charger (ASSET-5). */
export interface NewCharger {
  readonly id?: string;
  readonly areaId: string;
  readonly serialNo: string;
  readonly name: string;
  readonly model?: string;
  readonly ratedPowerW?: number;
}

/**
 * Providers, properties, stations, areas, chargers and connectors (ORG-1, ASSET-1…7). Every read and
 * write is filtered by the caller's scope in the query: a row outside it does not exist for the
 * caller (…_NOT_FOUND), whether it exists or not.
 */
export class AssetRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number,
    private readonly scope: QueryScope = WHOLE_TENANT,
  ) {}

  /** Stations matching `query` inside the scope. */
  private stations(query: Record<string, unknown> = {}): FilterQuery<StationRow> {
    return within(scopeWhere(this.scope, STATION_COLUMNS), query);
  }

  /** Chargers matching `query` inside the scope. */
  private chargers(query: Record<string, unknown> = {}): FilterQuery<ChargerRow> {
    return within(scopeWhere(this.scope, CHARGER_COLUMNS), query);
  }

  /**
   * Creates an approved provider and a property under it, each with its first-level department but
   * without login accounts (the owners a station needs: the demo seed and tests; ORG-2, ORG-3).
   */
  async createOwner(input: { readonly providerName: string; readonly propertyName: string }): Promise<{
    readonly providerId: string;
    readonly propertyId: string;
  }> {
    return this.em.fork().transactional(async (em) => {
      const createdAt = this.now();
      const provider = em.create(ProviderEntity, {
        id: randomUUID(),
        name: input.providerName,
        auditStatus: 'APPROVED',
        enabled: true,
        createdAt,
      });
      const property = em.create(PropertyEntity, {
        id: randomUUID(),
        provider,
        name: input.propertyName,
        enabled: true,
        createdAt,
      });
      await em.flush();
      const owners = [
        { level: 'PROVIDER', providerId: provider.id, name: provider.name },
        { level: 'PROPERTY', providerId: provider.id, propertyId: property.id, name: property.name },
      ] as const;
      for (const { name, ...owner } of owners) {
        const effect = { kind: 'CREATE_ROOT_DEPARTMENT', owner: owner.level, ownerId: '', name } as const;
        await applyOrgEffects(
          em,
          [effect],
          { owner, name, contactName: name, email: null },
          {
            passwordHash: '',
            now: createdAt,
          },
        );
      }
      return { providerId: provider.id, propertyId: property.id };
    });
  }

  /** ASSET-1: creates a station and its default area in one transaction, under a property in scope. */
  async createStation(input: NewStation): Promise<{ station: StationRecord; defaultArea: AreaRecord }> {
    const maxPrepay = input.maxPrepay ?? DEFAULT_MAX_PREPAY_FEN;
    if (maxPrepay < 1n || maxPrepay > PREPAY_CEILING_FEN) {
      throw new PersistenceError(
        'STATION_MAX_PREPAY_INVALID',
        'the prepay limit is outside 0.01 … 100000.00',
        {
          maxPrepayFen: maxPrepay.toString(),
        },
      );
    }
    if (this.scope.kind === 'ORG' && this.scope.scope.kind === 'STATIONS') {
      // A user bound to stations works on those stations only; a new one would be outside them.
      throw new PersistenceError('PROPERTY_NOT_FOUND', `no property ${input.propertyId}`, {
        propertyId: input.propertyId,
      });
    }
    return this.em.fork().transactional(async (em) => {
      const where = within<FilterQuery<PropertyRow>>(propertyWhere(this.scope), { id: input.propertyId });
      const property = await em.findOne(PropertyEntity, where, { populate: ['provider'] });
      if (!property) {
        throw new PersistenceError('PROPERTY_NOT_FOUND', `no property ${input.propertyId}`, {
          propertyId: input.propertyId,
        });
      }
      // ORG-3, ORG-8: no new station under a disabled property or a disabled / unapproved provider.
      await checkOrgGate(em, '', 'STATION', {
        level: 'PROPERTY',
        providerId: property.provider.id,
        propertyId: property.id,
      });
      const createdAt = this.now();
      const station = em.create(StationEntity, {
        id: input.id ?? randomUUID(),
        property,
        providerId: property.provider.id,
        kind: input.kind,
        name: input.name,
        timezone: input.timezone ?? 'Asia/Shanghai',
        address: input.address ?? null,
        hotline: input.hotline ?? null,
        enabled: input.enabled ?? true,
        maxPrepayFen: maxPrepay,
        auditStatus: 'PENDING',
        createdAt,
      });
      const area = em.create(AreaEntity, {
        id: randomUUID(),
        station,
        name: 'Default',
        isDefault: true,
        enabled: true,
        createdAt,
      });
      await em.flush();
      return { station: toStationRecord(station), defaultArea: toAreaRecord(area) };
    });
  }

  /** The station, or STATION_NOT_FOUND (also when it is outside the scope). */
  async getStation(id: string): Promise<StationRecord> {
    const station = await this.em.fork().findOne(StationEntity, this.stations({ id }));
    if (!station) throw new PersistenceError('STATION_NOT_FOUND', `no station ${id}`, { id });
    return toStationRecord(station);
  }

  /** Every station in scope, by name. */
  async listStations(): Promise<StationRecord[]> {
    const rows = await this.em
      .fork()
      .find(StationEntity, this.stations(), { orderBy: { name: 'asc', id: 'asc' } });
    return rows.map(toStationRecord);
  }

  /** ASSET-4, ORG-8: enables or disables a station in scope (a gate on new children, never a delete). */
  async setStationEnabled(id: string, enabled: boolean): Promise<StationRecord> {
    const updated = await this.em.fork().nativeUpdate(StationEntity, this.stations({ id }), { enabled });
    if (updated === 0) throw new PersistenceError('STATION_NOT_FOUND', `no station ${id}`, { id });
    return this.getStation(id);
  }

  /** ASSET-4, ORG-8: enables or disables an area of a station in scope (never deletes). */
  async setAreaEnabled(id: string, enabled: boolean): Promise<AreaRecord> {
    const inScope = { id, station: this.stations() } as FilterQuery<AreaRow>;
    const em = this.em.fork();
    const updated = await em.nativeUpdate(AreaEntity, inScope, { enabled });
    const area = updated === 0 ? null : await em.findOne(AreaEntity, { id });
    if (!area) throw new PersistenceError('AREA_NOT_FOUND', `no area ${id}`, { id });
    return toAreaRecord(area);
  }

  /** ASSET-4: adds an area under an enabled station in scope. */
  async createArea(input: { readonly stationId: string; readonly name: string }): Promise<AreaRecord> {
    return this.em.fork().transactional(async (em) => {
      const station = await em.findOne(StationEntity, this.stations({ id: input.stationId }));
      if (!station) throw new PersistenceError('STATION_NOT_FOUND', `no station ${input.stationId}`, input);
      unwrap(canAddUnder('AREA', [node('STATION', station)]));
      const area = em.create(AreaEntity, {
        id: randomUUID(),
        station,
        name: input.name,
        createdAt: this.now(),
      });
      await em.flush();
      return toAreaRecord(area);
    });
  }

  /** Areas of a station in scope, default first (none for a station outside the scope). */
  async listAreas(stationId: string): Promise<AreaRecord[]> {
    const rows = await this.em
      .fork()
      .find(AreaEntity, { station: this.stations({ id: stationId }) } as FilterQuery<AreaRow>, {
        orderBy: { isDefault: 'desc', name: 'asc', id: 'asc' },
      });
    return rows.map(toAreaRecord);
  }

  /** ASSET-4, ASSET-5: adds a charger under an enabled area of an enabled station; the serial is unique. */
  async createCharger(input: NewCharger): Promise<ChargerRecord> {
    try {
      return await this.em.fork().transactional(async (em) => {
        const area = await em.findOne(
          AreaEntity,
          { id: input.areaId, station: this.stations() } as FilterQuery<AreaRow>,
          { populate: ['station'] },
        );
        if (!area) throw new PersistenceError('AREA_NOT_FOUND', `no area ${input.areaId}`, { ...input });
        unwrap(canAddUnder('CHARGER', [node('STATION', area.station), node('AREA', area)]));
        const charger = em.create(ChargerEntity, {
          id: input.id ?? randomUUID(),
          station: area.station,
          area,
          providerId: area.station.providerId,
          propertyId: area.station.property.id,
          serialNo: input.serialNo,
          name: input.name,
          model: input.model ?? null,
          ratedPowerW: input.ratedPowerW ?? null,
          createdAt: this.now(),
        });
        await em.flush();
        return toChargerRecord(charger);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new PersistenceError('CHARGER_SERIAL_TAKEN', `serial ${input.serialNo} is taken`, {
          serialNo: input.serialNo,
        });
      }
      throw error;
    }
  }

  /** The charger with this factory serial (in scope), or CHARGER_NOT_FOUND. */
  async getChargerBySerial(serialNo: string): Promise<ChargerRecord> {
    const charger = await this.em.fork().findOne(ChargerEntity, this.chargers({ serialNo }));
    if (!charger) throw new PersistenceError('CHARGER_NOT_FOUND', `no charger ${serialNo}`, { serialNo });
    return toChargerRecord(charger);
  }

  /** Chargers of a station (in scope), by serial. */
  async listChargers(stationId: string): Promise<ChargerRecord[]> {
    const rows = await this.em
      .fork()
      .find(ChargerEntity, this.chargers({ station: stationId }), { orderBy: { serialNo: 'asc' } });
    return rows.map(toChargerRecord);
  }

  /** ASSET-5: adds a connector to an enabled charger in scope; (charger, connectorNo) is unique. */
  async createConnector(input: {
    readonly chargerId: string;
    readonly connectorNo: string;
    readonly kind?: 'GUN' | 'SOCKET';
  }): Promise<ConnectorRecord> {
    return this.em.fork().transactional(async (em) => {
      const charger = await em.findOne(ChargerEntity, this.chargers({ id: input.chargerId }), {
        populate: ['station', 'area'],
      });
      if (!charger) throw new PersistenceError('CHARGER_NOT_FOUND', `no charger ${input.chargerId}`, input);
      unwrap(
        canAddUnder('CONNECTOR', [
          node('STATION', charger.station),
          node('AREA', charger.area),
          node('CHARGER', charger),
        ]),
      );
      const connector = em.create(ConnectorEntity, {
        id: randomUUID(),
        charger,
        connectorNo: input.connectorNo,
        kind: input.kind ?? (charger.station.kind === 'EBIKE' ? 'SOCKET' : 'GUN'),
        createdAt: this.now(),
      });
      await em.flush();
      return toConnectorRecord(connector);
    });
  }

  /** ASSET-5, ASSET-7: enables or disables a charger / e-bike box in scope (a disabled one starts no session). */
  async setChargerEnabled(serialNo: string, enabled: boolean): Promise<ChargerRecord> {
    const updated = await this.em
      .fork()
      .nativeUpdate(ChargerEntity, this.chargers({ serialNo }), { enabled });
    if (updated === 0)
      throw new PersistenceError('CHARGER_NOT_FOUND', `no charger ${serialNo}`, { serialNo });
    return this.getChargerBySerial(serialNo);
  }

  /** ASSET-5, ASSET-7: enables or disables a connector / socket of a charger in scope (a disabled one starts no session). */
  async setConnectorEnabled(
    chargerId: string,
    connectorNo: string,
    enabled: boolean,
  ): Promise<ConnectorRecord> {
    const inScope = { charger: this.chargers({ id: chargerId }), connectorNo } as FilterQuery<ConnectorRow>;
    const em = this.em.fork();
    const updated = await em.nativeUpdate(ConnectorEntity, inScope, { enabled });
    const row = updated === 0 ? null : await em.findOne(ConnectorEntity, { charger: chargerId, connectorNo });
    if (!row) {
      throw new PersistenceError('CONNECTOR_NOT_FOUND', `no connector ${connectorNo}`, {
        chargerId,
        connectorNo,
      });
    }
    return toConnectorRecord(row);
  }

  /** Connectors of a charger in scope, by number. */
  async listConnectors(chargerId: string): Promise<ConnectorRecord[]> {
    const rows = await this.em
      .fork()
      .find(ConnectorEntity, { charger: this.chargers({ id: chargerId }) } as FilterQuery<ConnectorRow>, {
        orderBy: { connectorNo: 'asc' },
      });
    return rows.map(toConnectorRecord);
  }
}

const node = (
  kind: AssetNode['kind'],
  row: { readonly id: string; readonly enabled: boolean },
): AssetNode => ({
  kind,
  id: row.id,
  enabled: row.enabled,
});

import { DomainError, createReservation } from '@chargeflow/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { WorkflowNotFoundError, type WorkflowClient } from '@temporalio/client';
import {
  reservationEventSignal,
  reservationStateQuery,
  reservationWorkflowId,
  type ReservationSignal,
  type ReservationView,
  type ReservationWorkflowInput,
  type reservationWorkflow,
} from '@chargeflow/workflows';
import type { OrderNoAllocator } from '../charging/order-numbers.js';
import { VehicleOwnerEntity } from '../persistence/entities/access.js';
import { ChargerEntity } from '../persistence/entities/assets.js';
import {
  CameraEntity,
  ParkingSpaceEntity,
  ReservationEntity,
  type ReservationRow,
} from '../persistence/entities/reservations.js';
import { isUniqueViolation } from '../persistence/errors.js';
import { STATION_LEVEL_COLUMNS, scopeWhere, within, type QueryScope } from '../persistence/scope.js';
import { normalisePlate } from '../persistence/repositories/whitelist.js';
import { toReservation, type ReservationRecord } from './reservation-records.js';

/** RES-1 search filters (ORD-9 style): all optional, combined with AND. */
export interface ReservationFilters {
  readonly stationId?: string;
  readonly spaceId?: string;
  readonly plate?: string;
  readonly phone?: string;
  readonly status?: ReservationRecord['status'];
  /** Booked at or after / before (epoch ms). */
  readonly from?: number;
  readonly to?: number;
  readonly limit?: number;
}

const ACTIVE = ['RESERVED', 'OCCUPYING'] as const;
const notFound = (reservationNo: string) =>
  new DomainError('RESERVATION_NOT_FOUND', `no reservation ${reservationNo}`, { reservationNo });

/**
 * RES-1 … RES-3 on the HTTP side: booking (checks by core, one active reservation per space and per
 * owner kept by the database's unique keys), cancel by the owner, end by the platform, reads in the
 * caller's scope (app users: their own). reservationWorkflow runs each reservation.
 */
export class ReservationService {
  constructor(
    private readonly deps: {
      readonly em: EntityManager;
      readonly tenantId: string;
      readonly scope: QueryScope;
      readonly clock: () => number;
      readonly workflows: WorkflowClient;
      readonly taskQueue: string;
      readonly numbers: OrderNoAllocator;
    },
  ) {}

  private rows(query: Record<string, unknown>): FilterQuery<ReservationRow> {
    return within<FilterQuery<ReservationRow>>(
      scopeWhere(this.deps.scope, { ...STATION_LEVEL_COLUMNS, owner: 'ownerId' }),
      query,
    );
  }

  /** RES-1: a verified owner books an enabled space on a charger with the reservation flag. */
  async reserve(input: {
    readonly ownerId: string;
    readonly spaceId: string;
    readonly plate?: string;
  }): Promise<ReservationRecord> {
    const em = this.deps.em.fork();
    const owner = await em.findOne(VehicleOwnerEntity, { id: input.ownerId });
    if (!owner || !owner.enabled)
      throw new DomainError('VEHICLE_OWNER_NOT_FOUND', 'no such vehicle owner', {});
    const space = await em.findOne(ParkingSpaceEntity, { id: input.spaceId });
    if (!space)
      throw new DomainError('PARKING_SPACE_NOT_FOUND', `no parking space ${input.spaceId}`, {
        id: input.spaceId,
      });
    const charger =
      space.chargerId === null || space.chargerId === undefined
        ? null
        : await em.findOne(ChargerEntity, { id: space.chargerId });
    const plateText = input.plate ?? owner.plate ?? '';
    const at = this.deps.clock();
    const reservationNo = this.deps.numbers.next('RESERVATION', at);
    const checked = createReservation({
      reservationNo,
      stationId: space.stationId,
      plate: plateText,
      ownerVerified: owner.verified,
      space: { spaceId: space.id, enabled: space.enabled },
      charger: { chargerId: charger?.id ?? '', reservable: charger?.reservable === true },
      at,
    });
    if (!checked.ok) throw checked.error;
    const camera = await em.findOne(CameraEntity, {
      stationId: space.stationId,
      $or: [{ leftSpaceId: space.id }, { rightSpaceId: space.id }],
    });
    if (!camera)
      throw new DomainError('RESERVATION_SPACE_NO_CAMERA', 'no camera watches this space', {
        spaceId: space.id,
      });
    const plate = normalisePlate(plateText);
    const row = em.create(ReservationEntity, {
      reservationNo,
      providerId: space.providerId,
      propertyId: space.propertyId,
      stationId: space.stationId,
      spaceId: space.id,
      spaceName: space.name,
      chargerId: checked.value.state.chargerId,
      ownerId: owner.id,
      phone: owner.phone,
      plate,
      status: 'RESERVED',
      reservedAt: at,
      whitelisted: false,
      chargedMs: 0,
      updatedAt: at,
    });
    try {
      await em.flush();
    } catch (error) {
      if (isUniqueViolation(error)) {
        const mine = await em
          .fork()
          .count(ReservationEntity, { ownerId: owner.id, status: { $in: [...ACTIVE] } });
        throw mine > 0
          ? new DomainError('RESERVATION_OWNER_CONFLICT', 'you already have an active reservation', {})
          : new DomainError('RESERVATION_SPACE_CONFLICT', 'the space is already reserved', {
              spaceId: space.id,
            });
      }
      throw error;
    }
    const workflowInput: ReservationWorkflowInput = {
      tenantId: this.deps.tenantId,
      reservationNo,
      stationId: space.stationId,
      spaceId: space.id,
      spaceNo: space.name,
      chargerId: row.chargerId,
      cameraSerial: camera.serialNo,
      plate,
      reservedAt: at,
    };
    await this.deps.workflows.start<typeof reservationWorkflow>('reservationWorkflow', {
      workflowId: reservationWorkflowId(this.deps.tenantId, reservationNo),
      taskQueue: this.deps.taskQueue,
      args: [workflowInput],
    });
    return toReservation(row);
  }

  /** One reservation in scope, or RESERVATION_NOT_FOUND. */
  async get(reservationNo: string): Promise<ReservationRecord> {
    const row = await this.deps.em.fork().findOne(ReservationEntity, this.rows({ reservationNo }));
    if (!row) throw notFound(reservationNo);
    return toReservation(row);
  }

  /** The live state of an active reservation (RES-3 occupancy so far), or null once ended. */
  async live(record: ReservationRecord): Promise<ReservationView | null> {
    if (!(ACTIVE as readonly string[]).includes(record.status)) return null;
    try {
      return await this.deps.workflows
        .getHandle(reservationWorkflowId(this.deps.tenantId, record.reservationNo))
        .query(reservationStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  /** RES-1 search in scope, newest first. */
  async list(filters: ReservationFilters): Promise<ReservationRecord[]> {
    const reservedAt = {
      ...(filters.from === undefined ? {} : { $gte: filters.from }),
      ...(filters.to === undefined ? {} : { $lt: filters.to }),
    };
    const query = {
      ...(filters.stationId === undefined ? {} : { stationId: filters.stationId }),
      ...(filters.spaceId === undefined ? {} : { spaceId: filters.spaceId }),
      ...(filters.plate === undefined ? {} : { plate: filters.plate.trim().toUpperCase() }),
      ...(filters.phone === undefined ? {} : { phone: filters.phone }),
      ...(filters.status === undefined ? {} : { status: filters.status }),
      ...(Object.keys(reservedAt).length === 0 ? {} : { reservedAt }),
    };
    const rows = await this.deps.em.fork().find(ReservationEntity, this.rows(query), {
      orderBy: { reservedAt: 'desc', reservationNo: 'desc' },
      limit: filters.limit ?? 50,
    });
    return rows.map(toReservation);
  }

  /** RES-1: the owner cancels a RESERVED reservation (409 RESERVATION_NOT_CANCELLABLE otherwise). */
  async cancel(reservationNo: string, userId: string): Promise<ReservationRecord> {
    const record = await this.get(reservationNo);
    if (record.status !== 'RESERVED')
      throw new DomainError('RESERVATION_NOT_CANCELLABLE', `reservation is ${record.status}`, {
        reservationNo,
        status: record.status,
      });
    await this.signal(reservationNo, { kind: 'CANCEL', eventId: `cancel-${reservationNo}`, userId });
    return record;
  }

  /** RES-2: the platform ends a RESERVED or OCCUPYING reservation (409 RESERVATION_NOT_ACTIVE otherwise). */
  async end(reservationNo: string, operatorId: string): Promise<ReservationRecord> {
    const record = await this.get(reservationNo);
    if (!(ACTIVE as readonly string[]).includes(record.status))
      throw new DomainError('RESERVATION_NOT_ACTIVE', `reservation is ${record.status}`, {
        reservationNo,
        status: record.status,
      });
    await this.signal(reservationNo, { kind: 'PLATFORM_END', eventId: `end-${reservationNo}`, operatorId });
    return record;
  }

  private async signal(reservationNo: string, signal: ReservationSignal): Promise<void> {
    try {
      await this.deps.workflows
        .getHandle(reservationWorkflowId(this.deps.tenantId, reservationNo))
        .signal(reservationEventSignal, signal);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        throw new DomainError('RESERVATION_NOT_ACTIVE', 'the reservation has ended', { reservationNo });
      throw error;
    }
  }
}

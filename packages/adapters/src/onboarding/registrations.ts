import { randomUUID } from 'node:crypto';
import {
  PLATFORM_TENANT_ID,
  registerTenant,
  registrationTransition,
  unwrap,
  type RegistrationEvent,
  type RegistrationSource,
  type RegistrationStatus,
  type TenantRegistration,
} from '@chargeflow/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { SmsCodes } from '../auth/ports.js';
import { isUniqueViolation } from '../persistence/errors.js';
import { TenantFollowUpEntity, TenantRegistrationEntity, type TenantRegistrationRow } from './entities.js';
import { OnboardingError } from './errors.js';
import {
  toFollowUpRecord,
  toRegistrationRecord,
  type FollowUpRecord,
  type RegistrationRecord,
} from './registration-records.js';
import { insertTenantWithProfile } from './tenant-rows.js';

/** Registration codes live under the platform tenant's key, which no app user can ever have. */
const SMS_NAMESPACE = PLATFORM_TENANT_ID;

/** What a registrant or an operator enters (TEN-1). */
export interface RegistrationInput {
  readonly name: string;
  readonly phone: string;
  readonly company?: string | undefined;
}

/** A follow-up as an operator records it. */
export interface FollowUpInput {
  readonly channel: FollowUpRecord['channel'];
  readonly outcome: FollowUpRecord['outcome'];
  readonly note: string;
  readonly nextFollowUpAt?: number | undefined;
}

/** Filters and page of the registration list. */
export interface RegistrationQuery {
  readonly status?: readonly RegistrationStatus[] | undefined;
  readonly source?: RegistrationSource | undefined;
  readonly phone?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export interface TenantRegistrationsOptions {
  /** The platform database's root EntityManager (forked per call). */
  readonly em: EntityManager;
  /** SMS codes (TEN-1: self-service registrations verify the phone). */
  readonly smsCodes: SmsCodes;
  readonly now: () => number;
}

/**
 * TEN-1 registrations and their follow-up in the platform database: self-service registration with
 * an SMS-verified phone, OFFLINE registration by operators, follow-up records, and the conversion
 * of a registration into a tenant with its profile (one transaction). The phone is unique.
 */
export class TenantRegistrations {
  constructor(private readonly options: TenantRegistrationsOptions) {}

  /** Sends the registrant a code: PHONE_INVALID, SMS_RESEND_TOO_SOON, SMS_SEND_FAILED. */
  requestCode(phone: string): Promise<{ readonly expiresAt: number }> {
    return this.options.smsCodes.request(SMS_NAMESPACE, phone);
  }

  /**
   * A self-service registration (WEB, WECHAT, QR) with the code sent to its phone:
   * REGISTRATION_PHONE_TAKEN (checked before the code is used up), SMS_CODE_*, REGISTRATION_INVALID.
   */
  async register(
    input: RegistrationInput & { readonly source: RegistrationSource; readonly code: string },
  ): Promise<RegistrationRecord> {
    if (input.source === 'OFFLINE') {
      throw new OnboardingError(
        'REGISTRATION_SOURCE_INVALID',
        'OFFLINE registrations are entered by operators (POST /platform/registrations)',
        { source: input.source },
      );
    }
    await this.refuseTakenPhone(input.phone);
    await this.options.smsCodes.verify(SMS_NAMESPACE, input.phone, input.code);
    const now = this.options.now();
    const verification = {
      phone: input.phone,
      code: input.code,
      issuedAt: now,
      expiresAt: now,
      attempts: 1,
      verified: true,
    };
    const { code: _code, ...fields } = input;
    return this.insert(unwrap(registerTenant(fields, { now, verification })));
  }

  /** An OFFLINE registration entered by an operator after a call (TEN-1; the phone is not SMS-verified). */
  async registerOffline(input: RegistrationInput): Promise<RegistrationRecord> {
    const now = this.options.now();
    return this.insert(unwrap(registerTenant({ ...input, source: 'OFFLINE' }, { now })));
  }

  async get(id: string): Promise<{ registration: RegistrationRecord; followUps: FollowUpRecord[] }> {
    const em = this.options.em.fork();
    const row = await em.findOne(TenantRegistrationEntity, { id });
    if (!row) throw notFound(id);
    const followUps = await em.find(
      TenantFollowUpEntity,
      { registrationId: id },
      { orderBy: { seq: 'ASC' } },
    );
    return { registration: toRegistrationRecord(row), followUps: followUps.map(toFollowUpRecord) };
  }

  /** Newest first; `total` counts the whole match. */
  async list(query: RegistrationQuery): Promise<{ items: RegistrationRecord[]; total: number }> {
    const where: FilterQuery<TenantRegistrationRow> = {
      ...(query.status === undefined ? {} : { status: { $in: [...query.status] } }),
      ...(query.source === undefined ? {} : { source: query.source }),
      ...(query.phone === undefined ? {} : { phone: query.phone }),
    };
    const [rows, total] = await this.options.em.fork().findAndCount(TenantRegistrationEntity, where, {
      orderBy: { registeredAt: 'DESC', id: 'ASC' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items: rows.map(toRegistrationRecord), total };
  }

  /** Records a follow-up and moves the registration (DECLINED outcome: → DECLINED), in one transaction. */
  async followUp(id: string, input: FollowUpInput, by: string): Promise<FollowUpRecord> {
    const now = this.options.now();
    const event: RegistrationEvent = input.outcome === 'DECLINED' ? 'DECLINE' : 'FOLLOW_UP';
    return this.options.em.fork().transactional(async (tx) => {
      const moved = await this.move(tx, id, event, {});
      const row = {
        id: randomUUID(),
        registrationId: id,
        seq: moved.version,
        operatorId: by,
        channel: input.channel,
        outcome: input.outcome,
        note: input.note,
        nextFollowUpAt: input.nextFollowUpAt ?? null,
        at: now,
      };
      await tx.insert(TenantFollowUpEntity, row);
      return toFollowUpRecord(row);
    });
  }

  /**
   * TEN-1 → TEN-2: makes a tenant of a registration: the tenant (CLOSED), its profile prefilled with
   * the registrant as contact (enterprise no. generated) and the registration CONVERTED, all or
   * nothing. REGISTRATION_TRANSITION_INVALID when it was converted or declined already.
   */
  async convert(id: string, tenant: { readonly tenantId: string; readonly name?: string | undefined }) {
    const now = this.options.now();
    return this.options.em.fork().transactional(async (tx) => {
      const registration = await this.move(tx, id, 'CONVERT', { tenantId: tenant.tenantId });
      await insertTenantWithProfile(tx, {
        id: tenant.tenantId,
        name: tenant.name ?? registration.company ?? registration.name,
        now,
        registrationId: id,
        profile: {
          enterpriseName: registration.company ?? undefined,
          contactName: registration.name,
          contactPhone: registration.phone,
        },
      });
      return registration;
    });
  }

  private async refuseTakenPhone(phone: string): Promise<void> {
    const taken = await this.options.em.fork().findOne(TenantRegistrationEntity, { phone });
    if (taken) throw phoneTaken(phone, taken.id);
  }

  private async insert(registration: TenantRegistration): Promise<RegistrationRecord> {
    const now = this.options.now();
    const row = {
      id: randomUUID(),
      name: registration.name,
      phone: registration.phone,
      company: registration.company ?? null,
      source: registration.source,
      phoneVerified: registration.phoneVerified,
      status: 'NEW' as const,
      tenantId: null,
      registeredAt: registration.registeredAt,
      updatedAt: now,
      version: 1,
    };
    try {
      await this.options.em.fork().insert(TenantRegistrationEntity, row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const taken = await this.options.em.fork().findOne(TenantRegistrationEntity, { phone: row.phone });
      throw phoneTaken(row.phone, taken?.id);
    }
    return toRegistrationRecord(row);
  }

  /** Applies core's transition with a compare-and-set on the row's version (concurrent changes: one wins). */
  private async move(
    tx: EntityManager,
    id: string,
    event: RegistrationEvent,
    extra: { readonly tenantId?: string },
  ): Promise<TenantRegistrationRow> {
    const row = await tx.findOne(TenantRegistrationEntity, { id });
    if (!row) throw notFound(id);
    const status = unwrap(registrationTransition(row.status, event));
    const updatedAt = this.options.now();
    const changed = await tx.nativeUpdate(
      TenantRegistrationEntity,
      { id, version: row.version },
      { status, updatedAt, version: row.version + 1, ...extra },
    );
    if (changed !== 1) {
      throw new OnboardingError('REGISTRATION_CHANGE_CONFLICT', 'the registration changed meanwhile; retry', {
        id,
      });
    }
    return { ...row, status, updatedAt, version: row.version + 1, ...extra };
  }
}

const notFound = (id: string) =>
  new OnboardingError('REGISTRATION_NOT_FOUND', `no registration ${id}`, { id });

const phoneTaken = (phone: string, registrationId: string | undefined) =>
  new OnboardingError('REGISTRATION_PHONE_TAKEN', `${phone} has registered already`, {
    phone,
    ...(registrationId === undefined ? {} : { registrationId }),
  });

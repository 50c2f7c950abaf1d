import type { Permission, PlatformRole } from '@chargeflow/core';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PortableJsonType } from '../persistence/entities/portable-json.js';

// Sign-in and credentials in the PLATFORM database (issue 10, ORG-4, CARD-4): platform operators,
// API keys, refresh tokens, SMS codes and the sandbox SMS outbox. Secrets and passwords are stored
// only as hashes. No foreign keys to tables outside this file. Instants are BIGINT epoch ms.

/** A platform operator (control plane); the phone is the login. */
export const PlatformUserEntity = defineEntity({
  name: 'PlatformUser',
  tableName: 'platform_user',
  properties: {
    id: p.string().length(36).primary(),
    phone: p.string().length(32).unique('platform_user_phone_unique'),
    name: p.string().length(128),
    /** ORG-4: an argon2id PHC string (passwords.ts), never the password. */
    passwordHash: p.string().length(255),
    roles: p.json<PlatformRole[]>().type(PortableJsonType),
    enabled: p.boolean().default(true),
    /** Consecutive failed sign-ins and the lock they caused (core LOCKOUT_POLICY). */
    failedLogins: p.integer().default(0),
    lockedUntil: p.bigint('number').nullable(),
    createdAt: p.bigint('number'),
  },
});
/** A platform user row. */
export type PlatformUserRow = InferEntity<typeof PlatformUserEntity>;

/** A machine client of one tenant; the id is the public part of the key `cf_<id>_<secret>`. */
export const ApiKeyEntity = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: {
    id: p.string().length(32).primary(),
    tenantId: p.string().length(64).index('api_key_tenant_idx'),
    name: p.string().length(128),
    /** sha256 (hex) of the secret part of the key. */
    secretHash: p.string().length(64),
    permissions: p.json<Permission[]>().type(PortableJsonType),
    /**
     * ORG-1: the key's place in the tenant's organisation and its bound stations, copied from its
     * creator: a key never reaches further than the user who made it.
     */
    placeLevel: p.enum(['PLATFORM', 'PROVIDER', 'PROPERTY', 'COLLECTIVE']),
    providerId: p.string().length(36).nullable(),
    propertyId: p.string().length(36).nullable(),
    collectiveAccountId: p.string().length(36).nullable(),
    stationIds: p.json<string[]>().type(PortableJsonType),
    createdBy: p.string().length(64),
    createdAt: p.bigint('number'),
    revokedAt: p.bigint('number').nullable(),
    lastUsedAt: p.bigint('number').nullable(),
  },
});
/** An API key row. */
export type ApiKeyRow = InferEntity<typeof ApiKeyEntity>;

/** One refresh token of a sign-in session (a rotation chain); only its hash is stored. */
export const RefreshTokenEntity = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_token',
  indexes: [
    {
      name: 'refresh_token_subject_idx',
      properties: ['subjectTenant', 'subjectUser', 'subjectKind'],
    },
  ],
  properties: {
    id: p.string().length(32).primary(),
    sessionId: p.string().length(32).index('refresh_token_session_idx'),
    subjectKind: p.enum(['PLATFORM', 'STAFF', 'APP']),
    subjectTenant: p.string().length(64),
    subjectUser: p.string().length(64),
    /** sha256 (hex) of the secret part of the token. */
    tokenHash: p.string().length(64).unique('refresh_token_hash_unique'),
    expiresAt: p.bigint('number'),
    revokedAt: p.bigint('number').nullable(),
    /** The id of the token this one was rotated into (set together with revokedAt). */
    replacedBy: p.string().length(32).nullable(),
    createdAt: p.bigint('number'),
  },
});
/** A refresh token row. */
export type RefreshTokenRow = InferEntity<typeof RefreshTokenEntity>;

/** The SMS verification state of `<tenantId>:<phone>` as stored: core's SmsVerification with the code hashed. */
export interface StoredSmsVerification {
  readonly phone: string;
  /** sha256 (hex) of `<key>:<code>`. */
  readonly codeHash: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly attempts: number;
  readonly verified: boolean;
}

/** CARD-4: the one current SMS code of a tenant + phone. `version` makes every write a compare-and-set. */
export const SmsCodeEntity = defineEntity({
  name: 'SmsCode',
  tableName: 'sms_code',
  properties: {
    key: p.string().length(128).primary(),
    state: p.json<StoredSmsVerification>().type(PortableJsonType),
    version: p.integer(),
    updatedAt: p.bigint('number'),
  },
});
/** An SMS code row. */
export type SmsCodeRow = InferEntity<typeof SmsCodeEntity>;

/** The sandbox SMS outbox: every message the sandbox sender "sent". */
export const SmsMessageEntity = defineEntity({
  name: 'SmsMessage',
  tableName: 'sms_message',
  properties: {
    id: p.integer().primary().autoincrement(),
    phone: p.string().length(32).index('sms_message_phone_idx'),
    text: p.string().length(255),
    createdAt: p.bigint('number'),
  },
});
/** An SMS message row. */
export type SmsMessageRow = InferEntity<typeof SmsMessageEntity>;

/** Every entity of the auth tables; open the platform ORM with these (and the tenancy entities). */
export const AUTH_ENTITIES = [
  PlatformUserEntity,
  ApiKeyEntity,
  RefreshTokenEntity,
  SmsCodeEntity,
  SmsMessageEntity,
] as const;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PortableJsonType } from './portable-json.js';

// ORG-1, ORG-4, ORG-5, CARD-4 in the tenant's own database: back-office users (staff), their roles
// and station bindings, app users (vehicle owners) and the audit log of writes. Platform operators,
// API keys and refresh tokens live in the platform database (packages/adapters/src/auth/).

/** ORG-4 back-office user of the tenant; its place (level + ids) decides its data scope (ORG-1). */
export const StaffUserEntity = defineEntity({
  name: 'StaffUser',
  tableName: 'staff_user',
  properties: {
    id: p.string().length(36).primary(),
    /** The login account: unique in the tenant. */
    phone: p.string().length(32).unique('staff_user_phone_unique'),
    name: p.string().length(128),
    email: p.string().length(255).nullable(),
    passwordHash: p.string().length(255),
    placeLevel: p.enum(['PLATFORM', 'PROVIDER', 'PROPERTY', 'COLLECTIVE']),
    providerId: p.string().length(36).nullable(),
    propertyId: p.string().length(36).nullable(),
    collectiveAccountId: p.string().length(36).nullable(),
    /** ORG-6, ORG-7: the user's department and post (of its own organisation), if any. */
    departmentId: p.string().length(36).nullable(),
    postId: p.string().length(36).nullable(),
    /** ORG-2, ORG-3: set on the login account of a provider or property (its phone is theirs). */
    loginOf: p.string().length(48).nullable().unique('staff_user_login_of_unique'),
    enabled: p.boolean().default(true),
    /** Consecutive failed sign-ins and the lock they caused (core LOCKOUT_POLICY). */
    failedLogins: p.integer().default(0),
    lockedUntil: p.bigint('number').nullable(),
    createdAt: p.bigint('number'),
  },
});
/** A staff user row. */
export type StaffUserRow = InferEntity<typeof StaffUserEntity>;

/** ORG-5 role: a named set of permissions owned by the tenant's top level, a provider or a property. */
export const RoleEntity = defineEntity({
  name: 'Role',
  tableName: 'role',
  properties: {
    id: p.string().length(36).primary(),
    ownerLevel: p.enum(['PLATFORM', 'PROVIDER', 'PROPERTY']),
    ownerProviderId: p.string().length(36).nullable(),
    ownerPropertyId: p.string().length(36).nullable(),
    name: p.string().length(128),
    enabled: p.boolean().default(true),
    permissions: p.json<string[]>().type(PortableJsonType),
    duties: p.json<string[]>().type(PortableJsonType),
    createdAt: p.bigint('number'),
  },
});
/** A role row. */
export type RoleRow = InferEntity<typeof RoleEntity>;

/** ORG-5: a role assigned to a user. */
export const UserRoleEntity = defineEntity({
  name: 'UserRole',
  tableName: 'user_role',
  properties: {
    userId: p.string().length(36).primary(),
    roleId: p.string().length(36).primary().index('user_role_role_idx'),
  },
});
/** A user-role row. */
export type UserRoleRow = InferEntity<typeof UserRoleEntity>;

/** ORG-1, ORG-4: a station a user is bound to (narrows the user's scope to its bound stations). */
export const UserStationEntity = defineEntity({
  name: 'UserStation',
  tableName: 'user_station',
  properties: {
    userId: p.string().length(36).primary(),
    stationId: p.string().length(36).primary(),
  },
});
/** A user-station row. */
export type UserStationRow = InferEntity<typeof UserStationEntity>;

/** CARD-4 车主: an app user, signed in by SMS code; sees only their own orders. */
export const VehicleOwnerEntity = defineEntity({
  name: 'VehicleOwner',
  tableName: 'vehicle_owner',
  properties: {
    id: p.string().length(36).primary(),
    phone: p.string().length(32).unique('vehicle_owner_phone_unique'),
    nickname: p.string().length(64).nullable(),
    /** CARD-4 (migration 0006): the owner's real name and licence plate. */
    name: p.string().length(64).nullable(),
    plate: p.string().length(16).nullable(),
    /** Verified owners may reserve (RES-1). */
    verified: p.boolean().default(false),
    enabled: p.boolean().default(true),
    createdAt: p.bigint('number'),
  },
});
/** A vehicle owner row. */
export type VehicleOwnerRow = InferEntity<typeof VehicleOwnerEntity>;

/** The audit log: every write (who, when, what, from which address) of the tenant. */
export const AuditEntryEntity = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  indexes: [{ name: 'audit_log_at_idx', properties: ['at', 'id'] }],
  properties: {
    id: p.string().length(36).primary(),
    at: p.bigint('number'),
    callerKind: p.string().length(16),
    callerId: p.string().length(64),
    /** ORG-1: the caller's provider and property (null above them), so a scoped reader sees its subtree's writes. */
    scopeProviderId: p.string().length(36).nullable(),
    scopePropertyId: p.string().length(36).nullable(),
    method: p.string().length(8),
    /** The route pattern (`/stations/{stationId}/chargers`) and the concrete path. */
    route: p.string().length(255),
    path: p.string().length(512),
    status: p.integer(),
    permission: p.string().length(64),
    requestId: p.string().length(64),
    ip: p.string().length(64),
  },
});
/** An audit log row. */
export type AuditEntryRow = InferEntity<typeof AuditEntryEntity>;

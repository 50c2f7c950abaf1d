import { randomBytes, randomUUID } from 'node:crypto';
import { ORG_ADMIN_PERMISSIONS, ownerKey, type OrgEffect, type OrgOwner } from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import { RoleEntity, StaffUserEntity, UserRoleEntity } from '../entities/access.js';
import { DepartmentEntity } from '../entities/organisation.js';
import { PersistenceError, violatesUnique } from '../errors.js';
import { ownerColumns } from '../owner-scope.js';
import { placeToColumns } from '../place-columns.js';

/** The owner a provider's or property's effects are about, with its profile (name, phone, e-mail). */
export interface EffectOwner {
  readonly owner: Exclude<OrgOwner, { readonly level: 'PLATFORM' }>;
  readonly name: string;
  readonly contactName: string;
  readonly email: string | null;
}

/** What applying the effects created: the login account's and the first-level department's ids. */
export interface EffectsApplied {
  readonly loginUserId: string | null;
  readonly rootDepartmentId: string | null;
}

/** A fresh initial password that meets core's strength rule (18 random characters + Aa1!). */
export const initialPassword = (): string => `${randomBytes(14).toString('base64url')}Aa1!`;

/**
 * ORG-2, ORG-3: performs core's side effects of an audit or a property creation inside the caller's
 * transaction, in their order, flushing each: the login account (a user at the owner's place with the
 * owner's phone, holding a built-in role of ORG_ADMIN_PERMISSIONS owned by the owner) and the
 * first-level department. A failure of any step fails the transaction, so none of them remains.
 */
export async function applyOrgEffects(
  em: EntityManager,
  effects: readonly OrgEffect[],
  target: EffectOwner,
  account: { readonly passwordHash: string; readonly now: number },
): Promise<EffectsApplied> {
  let loginUserId: string | null = null;
  let rootDepartmentId: string | null = null;
  const key = ownerKey(target.owner);
  const { now } = account;
  for (const effect of effects) {
    if (effect.kind === 'CREATE_LOGIN_ACCOUNT') {
      const roleId = randomUUID();
      loginUserId = randomUUID();
      em.create(RoleEntity, {
        id: roleId,
        ...ownerColumns(target.owner),
        name: `${target.name} administrator`.slice(0, 128),
        enabled: true,
        permissions: [...ORG_ADMIN_PERMISSIONS],
        duties: [],
        createdAt: now,
      });
      await em.flush(); // the role before its assignment (user_role's foreign key)
      em.create(StaffUserEntity, {
        id: loginUserId,
        phone: effect.login,
        name: target.contactName,
        email: target.email,
        passwordHash: account.passwordHash,
        ...placeToColumns(target.owner),
        loginOf: key,
        enabled: true,
        failedLogins: 0,
        createdAt: now,
      });
      em.create(UserRoleEntity, { userId: loginUserId, roleId });
      await flushOrExplain(em, effect.login, key);
    } else {
      rootDepartmentId = randomUUID();
      em.create(DepartmentEntity, {
        id: rootDepartmentId,
        ...(ownerColumns(target.owner) as { ownerLevel: 'PROVIDER' | 'PROPERTY'; ownerProviderId: string }),
        parentId: null,
        rootOf: key,
        name: effect.name,
        sortOrder: 0,
        enabled: true,
        deleted: false,
        createdAt: now,
      });
      await flushOrExplain(em, null, key);
    }
  }
  return { loginUserId, rootDepartmentId };
}

/** Flushes; the unique keys that may refuse an effect become stable codes. */
async function flushOrExplain(em: EntityManager, login: string | null, key: string): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (violatesUnique(error, { name: 'staff_user_phone_unique', columns: 'staff_user.phone' })) {
      throw new PersistenceError('LOGIN_PHONE_TAKEN', `${login ?? ''} is already a login account`, {
        phone: login,
      });
    }
    if (violatesUnique(error, { name: 'staff_user_login_of_unique', columns: 'staff_user.login_of' })) {
      throw new PersistenceError('LOGIN_ACCOUNT_EXISTS', `${key} already has a login account`, {
        owner: key,
      });
    }
    if (violatesUnique(error, { name: 'department_root_of_unique', columns: 'department.root_of' })) {
      throw new PersistenceError('DEPARTMENT_ROOT_EXISTS', `${key} already has a first-level department`, {
        owner: key,
      });
    }
    throw error;
  }
}

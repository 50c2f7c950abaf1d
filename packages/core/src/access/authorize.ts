import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { canAccess, type Duty, type Principal, type ResourceLocation } from './data-scope.js';
import type { Permission } from './permissions.js';

/** Why access was denied (in details.reason of ACCESS_DENIED). */
export type AccessDeniedReason = 'TENANT' | 'PERMISSION' | 'DUTY' | 'SCOPE';

/** The error of every refused check; details.reason says which gate refused. */
export type AccessDenied = DomainError<'ACCESS_DENIED'>;

const denied = (reason: AccessDeniedReason, message: string, details: Record<string, unknown>) =>
  err(new DomainError('ACCESS_DENIED', message, { reason, ...details }));

/**
 * The one check the API runs per request: same tenant (TEN-7), permission granted (ORG-5), required
 * duty held (TEN-5), and the resource, when there is one, inside the principal's scope (ORG-1).
 */
export function authorize(
  principal: Principal,
  permission: Permission,
  options: { readonly resource?: ResourceLocation; readonly duties?: readonly Duty[] } = {},
): Result<void, AccessDenied> {
  const { resource, duties } = options;
  if (resource && resource.tenantId !== principal.tenantId) {
    return denied('TENANT', 'resource belongs to another tenant', { permission });
  }
  if (!principal.permissions.has(permission)) {
    return denied('PERMISSION', `missing permission ${permission}`, { permission });
  }
  if (duties && duties.length > 0 && !duties.some((duty) => principal.duties.has(duty))) {
    return denied('DUTY', `${permission} needs one of the duties ${duties.join(', ')}`, {
      permission,
      duties,
    });
  }
  if (resource && !canAccess(principal, resource)) {
    return denied('SCOPE', 'resource is outside your data scope', { permission });
  }
  return ok(undefined);
}

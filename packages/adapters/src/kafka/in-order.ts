import { TenancyError } from '../tenancy/errors.js';
import type { DeliveryFailure, TenantDeviceEvent } from './ports.js';

/**
 * Hands the events of a batch that `take` accepts (it returns their delivery, or undefined for an
 * event it does not handle) to it one at a time, in batch order. A failure is recorded for its event
 * alone and the rest go on; a tenant without a database is a permanent failure.
 */
export async function deliverInOrder(
  batch: readonly TenantDeviceEvent[],
  take: (item: TenantDeviceEvent) => Promise<unknown> | undefined,
): Promise<DeliveryFailure[]> {
  const failures: DeliveryFailure[] = [];
  for (const item of batch) {
    try {
      const delivery = take(item);
      if (delivery !== undefined) await delivery;
    } catch (error) {
      failures.push({
        events: [item],
        error,
        permanent: error instanceof TenancyError && error.code === 'TENANT_NOT_FOUND',
      });
    }
  }
  return failures;
}

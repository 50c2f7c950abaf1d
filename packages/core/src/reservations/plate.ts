/** RES-4: a whitelist entry (白名单): plate, remark, bound station, enabled. */
export interface WhitelistEntry {
  readonly plate: string;
  readonly remark: string;
  readonly stationId: string;
  readonly enabled: boolean;
}

/** A plate's class: 8-character green new-energy plates, 7-character blue fuel plates. */
export type PlateClass = 'NEW_ENERGY' | 'FUEL';

const PLATE = /^[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}$/;

/** RES-4: classifies a mainland plate by its length (province character + letter + 5 or 6); undefined if malformed. */
export function classifyPlate(plate: string): PlateClass | undefined {
  const normalised = plate.trim().toUpperCase();
  if (!PLATE.test(normalised)) return undefined;
  return [...normalised].length === 8 ? 'NEW_ENERGY' : 'FUEL';
}

/** What the camera's recognition of a plate at a space should do to the lock and to occupancy. */
export interface LockDecision {
  readonly open: boolean;
  readonly accruesOccupancy: boolean;
  readonly reason: 'WHITELISTED' | 'NEW_ENERGY' | 'FUEL_PLATE' | 'UNREADABLE_PLATE';
}

/**
 * RES-4: an enabled whitelist entry bound to the station opens the lock without occupancy; otherwise
 * (disabled or absent) a new-energy plate opens it and accrues occupancy, a fuel plate does not open it.
 */
export function decideLock(
  plate: string,
  stationId: string,
  whitelist: readonly WhitelistEntry[],
): LockDecision {
  const normalised = plate.trim().toUpperCase();
  const entry = whitelist.find(
    (w) => w.plate.trim().toUpperCase() === normalised && w.stationId === stationId && w.enabled,
  );
  if (entry !== undefined) return { open: true, accruesOccupancy: false, reason: 'WHITELISTED' };
  const plateClass = classifyPlate(normalised);
  if (plateClass === 'NEW_ENERGY') return { open: true, accruesOccupancy: true, reason: 'NEW_ENERGY' };
  return {
    open: false,
    accruesOccupancy: false,
    reason: plateClass === 'FUEL' ? 'FUEL_PLATE' : 'UNREADABLE_PLATE',
  };
}

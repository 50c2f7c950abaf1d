import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** Kinds of nodes that can be a parent in the asset tree. */
export type AssetParentKind = 'PROVIDER' | 'PROPERTY' | 'STATION' | 'AREA' | 'CHARGER';

/** Things that can be added under a station, area or charger (ASSET-4…7). */
export type AssetChildKind = 'AREA' | 'CHARGER' | 'TARIFF' | 'PARKING_SPACE' | 'CAMERA' | 'CONNECTOR';

/** One ancestor of the thing being added, with its enabled flag. */
export interface AssetNode {
  readonly kind: AssetParentKind;
  readonly id: string;
  readonly enabled: boolean;
}

/** Error codes of the asset gates. */
export type AssetGateErrorCode =
  | 'PROVIDER_DISABLED'
  | 'PROPERTY_DISABLED'
  | 'STATION_DISABLED'
  | 'AREA_DISABLED'
  | 'CHARGER_DISABLED'
  | 'ASSET_PARENT_INVALID'
  | 'AREA_NOT_EMPTY'
  | 'EBIKE_DEVICE_IN_USE'
  | 'CHARGER_OFFLINE';

/** The direct parent each child kind must have. */
export const ASSET_PARENT_OF: Readonly<Record<AssetChildKind, AssetParentKind>> = {
  AREA: 'STATION',
  CHARGER: 'AREA',
  TARIFF: 'AREA',
  PARKING_SPACE: 'AREA',
  CAMERA: 'AREA',
  CONNECTOR: 'CHARGER',
};

/**
 * ASSET-4, ASSET-5, ASSET-7, ORG-8: may `child` be added under `ancestors` (root first, direct
 * parent last)? The direct parent must be of the right kind; a disabled ancestor anywhere in the
 * chain refuses, naming the highest disabled one (`<KIND>_DISABLED`). Disabling never deletes.
 */
export function canAddUnder(
  child: AssetChildKind,
  ancestors: readonly AssetNode[],
): Result<void, DomainError<AssetGateErrorCode>> {
  const parent = ancestors.at(-1);
  if (parent?.kind !== ASSET_PARENT_OF[child]) {
    return err(
      new DomainError('ASSET_PARENT_INVALID', `a ${child} goes under a ${ASSET_PARENT_OF[child]}`, {
        child,
        parentKind: parent?.kind ?? null,
      }),
    );
  }
  const disabled = ancestors.find((node) => !node.enabled);
  if (disabled) {
    return err(
      new DomainError(
        `${disabled.kind}_DISABLED`,
        `${disabled.kind.toLowerCase()} ${disabled.id} is disabled`,
        {
          child,
          parentKind: disabled.kind,
          parentId: disabled.id,
        },
      ),
    );
  }
  return ok(undefined);
}

/** ASSET-4, ASSET-7: an area can be deleted only when it has no chargers (devices) and no tariffs. */
export function canDeleteArea(area: {
  readonly id: string;
  readonly chargerCount: number;
  readonly tariffCount: number;
}): Result<void, DomainError<'AREA_NOT_EMPTY'>> {
  return area.chargerCount === 0 && area.tariffCount === 0
    ? ok(undefined)
    : err(
        new DomainError('AREA_NOT_EMPTY', 'remove the area’s chargers and tariffs first', {
          areaId: area.id,
          chargerCount: area.chargerCount,
          tariffCount: area.tariffCount,
        }),
      );
}

/** ASSET-7: an e-bike device can be deleted unless one of its sockets is charging. */
export function canDeleteEbikeDevice(device: {
  readonly id: string;
  readonly sockets: readonly { readonly no: number; readonly state: 'IDLE' | 'CHARGING' }[];
}): Result<void, DomainError<'EBIKE_DEVICE_IN_USE'>> {
  const charging = device.sockets.filter((s) => s.state === 'CHARGING').map((s) => s.no);
  return charging.length === 0
    ? ok(undefined)
    : err(
        new DomainError('EBIKE_DEVICE_IN_USE', 'sockets are charging', {
          deviceId: device.id,
          sockets: charging,
        }),
      );
}

/** How a charger appears in the user app. */
export type ChargerAppView = 'HIDDEN' | 'OUT_OF_SERVICE' | 'AVAILABLE';

/**
 * ASSET-4, ASSET-5: a disabled station hides everything; a disabled area hides its chargers; a
 * disabled charger is shown as out of service.
 */
export function chargerAppView(
  station: { readonly enabled: boolean },
  area: { readonly enabled: boolean },
  charger: { readonly enabled: boolean },
): ChargerAppView {
  if (!station.enabled || !area.enabled) return 'HIDDEN';
  return charger.enabled ? 'AVAILABLE' : 'OUT_OF_SERVICE';
}

/** ASSET-4: a disabled station is hidden from the user app. */
export const stationVisibleInApp = (station: { readonly enabled: boolean }): boolean => station.enabled;

/** ASSET-6: a disabled parking space cannot be reserved. */
export const spaceReservable = (space: { readonly enabled: boolean }): boolean => space.enabled;

/** ASSET-6: a disabled camera recognises no plates and takes no snapshots. */
export const cameraActive = (camera: { readonly enabled: boolean }): boolean => camera.enabled;

/** ASSET-5: remote restart is sent only to an online charger. */
export const canRestartCharger = (charger: {
  readonly id: string;
  readonly online: boolean;
}): Result<void, DomainError<'CHARGER_OFFLINE'>> =>
  charger.online
    ? ok(undefined)
    : err(new DomainError('CHARGER_OFFLINE', 'restart needs an online charger', { chargerId: charger.id }));

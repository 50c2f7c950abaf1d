import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize } from './authorize.js';
import { canAccess, scopeFilter, type Principal, type ResourceLocation } from './data-scope.js';
import type { Permission } from './permissions.js';
import type { OrgPlace } from './place.js';

const principal = (place: OrgPlace, extra: Partial<Principal> = {}): Principal => ({
  tenantId: 't1',
  userId: 'u1',
  place,
  stationIds: [],
  permissions: new Set<Permission>(['order:list']),
  duties: new Set(),
  ...extra,
});

const SYSTEM = principal({ level: 'PLATFORM' });
const PROVIDER_P1 = principal({ level: 'PROVIDER', providerId: 'p1' });
const PROPERTY_Q1 = principal({ level: 'PROPERTY', providerId: 'p1', propertyId: 'q1' });
const COLLECTIVE_C1 = principal({
  level: 'COLLECTIVE',
  providerId: 'p1',
  propertyId: 'q1',
  collectiveAccountId: 'c1',
});
const BOUND_S1 = principal({ level: 'PROPERTY', providerId: 'p1', propertyId: 'q1' }, { stationIds: ['s1'] });

const station = (
  providerId: string,
  propertyId: string,
  stationId: string,
  tenantId = 't1',
): ResourceLocation => ({
  tenantId,
  providerId,
  propertyId,
  stationId,
});

describe('data scope (ORG-1, TEN-7)', () => {
  it.each([
    ['ORG-1 system user sees any station', SYSTEM, station('p2', 'q9', 's9'), true],
    ['ORG-1 provider user sees its property stations', PROVIDER_P1, station('p1', 'q2', 's5'), true],
    ['ORG-1 provider user never sees another provider', PROVIDER_P1, station('p2', 'q9', 's9'), false],
    ['ORG-1 provider user never sees platform-level rows', PROVIDER_P1, { tenantId: 't1' }, false],
    ['ORG-1 property user sees its own station', PROPERTY_Q1, station('p1', 'q1', 's1'), true],
    ['ORG-1 property user never sees a sibling property', PROPERTY_Q1, station('p1', 'q2', 's5'), false],
    [
      'ORG-1 property user sees its collective accounts',
      PROPERTY_Q1,
      { tenantId: 't1', providerId: 'p1', propertyId: 'q1', collectiveAccountId: 'c2' },
      true,
    ],
    [
      'ORG-1 collective user sees its own account rows',
      COLLECTIVE_C1,
      { tenantId: 't1', providerId: 'p1', propertyId: 'q1', collectiveAccountId: 'c1' },
      true,
    ],
    [
      'ORG-1 collective user never sees another account',
      COLLECTIVE_C1,
      { tenantId: 't1', providerId: 'p1', propertyId: 'q1', collectiveAccountId: 'c2' },
      false,
    ],
    [
      'ORG-1 collective user never sees station rows of its property',
      COLLECTIVE_C1,
      station('p1', 'q1', 's1'),
      false,
    ],
    ['ORG-1 station binding admits the bound station', BOUND_S1, station('p1', 'q1', 's1'), true],
    [
      'ORG-1 station binding narrows away other stations of the property',
      BOUND_S1,
      station('p1', 'q1', 's2'),
      false,
    ],
    [
      'ORG-1 station binding keeps property-level rows',
      BOUND_S1,
      { tenantId: 't1', providerId: 'p1', propertyId: 'q1' },
      true,
    ],
    ['TEN-7 system user never sees another tenant', SYSTEM, station('p1', 'q1', 's1', 't2'), false],
    [
      'TEN-7 property user never sees the same ids in another tenant',
      PROPERTY_Q1,
      station('p1', 'q1', 's1', 't2'),
      false,
    ],
    ['ORG-1 an incomplete location fails closed', PROPERTY_Q1, { tenantId: 't1', stationId: 's1' }, false],
    ['ORG-1 a location naming another provider fails closed', PROPERTY_Q1, station('p2', 'q1', 's1'), false],
    [
      'ORG-1 collective rows of another property fail closed',
      COLLECTIVE_C1,
      { tenantId: 't1', providerId: 'p1', propertyId: 'q2', collectiveAccountId: 'c1' },
      false,
    ],
  ] as const)('%s', (_name, who, resource, expected) => {
    expect(canAccess(who, resource)).toBe(expected);
  });

  it.each([
    ['ORG-1 system', SYSTEM, { kind: 'ALL', tenantId: 't1' }],
    ['ORG-1 provider', PROVIDER_P1, { kind: 'PROVIDER', tenantId: 't1', providerId: 'p1' }],
    ['ORG-1 property', PROPERTY_Q1, { kind: 'PROPERTY', tenantId: 't1', providerId: 'p1', propertyId: 'q1' }],
    [
      'ORG-1 collective',
      COLLECTIVE_C1,
      { kind: 'COLLECTIVE', tenantId: 't1', propertyId: 'q1', collectiveAccountId: 'c1' },
    ],
    [
      'ORG-1 station-bound',
      BOUND_S1,
      {
        kind: 'STATIONS',
        tenantId: 't1',
        stationIds: ['s1'],
        within: { kind: 'PROPERTY', tenantId: 't1', providerId: 'p1', propertyId: 'q1' },
      },
    ],
  ] as const)('%s scope filter description', (_name, who, expected) => {
    expect(scopeFilter(who)).toEqual(expected);
  });

  it.each([
    ['TEN-7 other tenant', PROPERTY_Q1, 'order:list', station('p1', 'q1', 's1', 't2'), 'TENANT'],
    ['ORG-5 missing permission', PROPERTY_Q1, 'order:refund', station('p1', 'q1', 's1'), 'PERMISSION'],
    ['ORG-1 outside scope', PROPERTY_Q1, 'order:list', station('p1', 'q2', 's3'), 'SCOPE'],
  ] as const)('%s is ACCESS_DENIED with reason %s', (_name, who, permission, resource, reason) => {
    const result = authorize(who, permission, { resource });
    expect(result.ok || [result.error.code, result.error.details.reason]).toEqual(['ACCESS_DENIED', reason]);
  });

  it('TEN-5 a duty-gated permission needs the duty as well', () => {
    const dev = principal({ level: 'PLATFORM' }, { permissions: new Set(['datasource:configure']) });
    const denied = authorize(dev, 'datasource:configure', { duties: ['OPS', 'DEV'] });
    expect(denied.ok || denied.error.details.reason).toBe('DUTY');
    expect(
      authorize({ ...dev, duties: new Set(['DEV']) }, 'datasource:configure', { duties: ['OPS', 'DEV'] }).ok,
    ).toBe(true);
  });

  it('ORG-1 authorize grants an in-scope resource with the permission', () => {
    expect(authorize(PROPERTY_Q1, 'order:list', { resource: station('p1', 'q1', 's1') })).toEqual({
      ok: true,
      value: undefined,
    });
  });
});

// An independent oracle: a small generated tree and the ancestor relation walked from it.
const ids = (prefix: string) => fc.constantFrom(...[1, 2, 3].map((n) => `${prefix}${n}`));
const node = fc.record({
  tenantId: ids('t'),
  providerId: ids('p'),
  propertyIndex: fc.integer({ min: 1, max: 3 }),
  stationIndex: fc.integer({ min: 1, max: 3 }),
  collectiveIndex: fc.integer({ min: 1, max: 3 }),
  depth: fc.integer({ min: 0, max: 3 }),
  bound: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
});
type Node = typeof node extends fc.Arbitrary<infer T> ? T : never;
// Ids are unique per parent so the tree is a real tree: q1 of p1 differs from q1 of p2.
const propertyId = (n: Node) => `${n.providerId}/q${n.propertyIndex}`;
const stationId = (n: Node, index = n.stationIndex) => `${propertyId(n)}/s${index}`;
const collectiveId = (n: Node) => `${propertyId(n)}/c${n.collectiveIndex}`;

const placeOf = (n: Node): OrgPlace =>
  n.depth === 0
    ? { level: 'PLATFORM' }
    : n.depth === 1
      ? { level: 'PROVIDER', providerId: n.providerId }
      : n.depth === 2
        ? { level: 'PROPERTY', providerId: n.providerId, propertyId: propertyId(n) }
        : {
            level: 'COLLECTIVE',
            providerId: n.providerId,
            propertyId: propertyId(n),
            collectiveAccountId: collectiveId(n),
          };

/** Resource at depth 0 platform row, 1 provider row, 2 property row, 3 station row, 4 collective row. */
const locationOf = (n: Node, depth: number): ResourceLocation => ({
  tenantId: n.tenantId,
  ...(depth >= 1 ? { providerId: n.providerId } : {}),
  ...(depth >= 2 ? { propertyId: propertyId(n) } : {}),
  ...(depth === 3 ? { stationId: stationId(n) } : {}),
  ...(depth === 4 ? { collectiveAccountId: collectiveId(n) } : {}),
});

/** Path of tree nodes from the root down to a resource / principal. */
const pathOfResource = (r: ResourceLocation): string[] =>
  [r.tenantId, r.providerId, r.propertyId, r.stationId ?? r.collectiveAccountId].filter(
    (x): x is string => x !== undefined,
  );
const pathOfPrincipal = (n: Node): string[] =>
  [n.tenantId, n.providerId, propertyId(n), collectiveId(n)].slice(0, n.depth + 1);

describe('data scope properties (ORG-1, TEN-7)', () => {
  it('ORG-1 property: access is granted only inside the principal subtree and its bound stations', () => {
    fc.assert(
      fc.property(node, node, fc.integer({ min: 0, max: 4 }), (who, what, depth) => {
        const p = principal(placeOf(who), {
          tenantId: who.tenantId,
          stationIds: who.depth === 2 ? who.bound.map((i) => stationId(who, i)) : [],
        });
        const resource = locationOf(what, depth);
        const own = pathOfPrincipal(who);
        const inSubtree = own.every((id, i) => pathOfResource(resource)[i] === id);
        const inBinding =
          p.stationIds.length === 0 ||
          resource.stationId === undefined ||
          p.stationIds.includes(resource.stationId);
        // Collective users see only their account's rows (not station rows of their property).
        const collectiveOk = who.depth !== 3 || resource.collectiveAccountId !== undefined;
        expect(canAccess(p, resource)).toBe(inSubtree && inBinding && collectiveOk);
      }),
    );
  });
});

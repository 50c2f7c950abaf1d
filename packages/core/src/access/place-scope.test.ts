import { describe, expect, it } from 'vitest';
import type { OrgScope } from './data-scope.js';
import type { OrgPlace } from './place.js';
import { placeWithinScope } from './place-scope.js';

const tenant: OrgScope = { kind: 'ALL', tenantId: 't' };
const provider: OrgScope = { kind: 'PROVIDER', tenantId: 't', providerId: 'pv1' };
const property: OrgScope = { kind: 'PROPERTY', tenantId: 't', providerId: 'pv1', propertyId: 'pp1' };
const places: Record<string, OrgPlace> = {
  platform: { level: 'PLATFORM' },
  pv1: { level: 'PROVIDER', providerId: 'pv1' },
  pv2: { level: 'PROVIDER', providerId: 'pv2' },
  pp1: { level: 'PROPERTY', providerId: 'pv1', propertyId: 'pp1' },
  pp2: { level: 'PROPERTY', providerId: 'pv1', propertyId: 'pp2' },
  ca1: { level: 'COLLECTIVE', providerId: 'pv1', propertyId: 'pp1', collectiveAccountId: 'c1' },
};

describe('ORG-1/ORG-4: a caller manages places in its own subtree only', () => {
  it.each([
    [tenant, ['platform', 'pv1', 'pv2', 'pp1', 'pp2', 'ca1']],
    [provider, ['pv1', 'pp1', 'pp2', 'ca1']],
    [property, ['pp1', 'ca1']],
  ])('%j reaches exactly %j', (scope, reachable) => {
    const reached = Object.entries(places)
      .filter(([, place]) => placeWithinScope(scope, place))
      .map(([name]) => name);
    expect(reached).toEqual(reachable);
  });
});

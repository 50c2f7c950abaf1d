import { describe, expect, it } from 'vitest';
import { serverReason } from './errors.js';
import { grantTarget } from './mariadb-provisioner.js';
import { checkSpecNames, databaseMarker, type TenantDatabaseSpec } from './provisioner.js';

const SPEC: TenantDatabaseSpec = {
  tenantId: 'acme',
  provisioningId: '0123456789abcdef',
  host: '127.0.0.1',
  port: 3306,
  databaseName: 'cf_acme',
  account: 'acme_app',
  password: 'Str0ng!pass',
  maxConnections: 5,
  minConnections: 1,
};

describe('tenant database names (TEN-5: identifiers are safe before they reach SQL)', () => {
  it('accepts generated names and plain accounts', () => {
    expect(() => checkSpecNames(SPEC)).not.toThrow();
  });

  it.each([
    ['databaseName', 'cf_acme`; drop database mysql; --'],
    ['databaseName', 'CF_ACME'],
    ['databaseName', `cf_${'a'.repeat(70)}`],
    ['account', "acme'@'%"],
    ['account', 'acme-app'],
    ['account', 'mysql'],
    ['account', 'PUBLIC'],
    ['account', 'a'.repeat(33)],
    ['account', '1acme'],
    ['provisioningId', 'xyz'],
  ])('refuses %s %j with DATASOURCE_INVALID', (field, value) => {
    expect(() => checkSpecNames({ ...SPEC, [field]: value })).toThrow(
      expect.objectContaining({ code: 'DATASOURCE_INVALID' }),
    );
  });

  it('TEN-7 escapes the GRANT wildcards, so cf_a_b never also grants cf_a1b', () => {
    expect(grantTarget('cf_a_b')).toBe('`cf\\_a\\_b`.*');
    expect(grantTarget('cfab')).toBe('`cfab`.*');
  });

  it('marks a database with its tenant and provisioning', () => {
    expect(databaseMarker(SPEC)).toBe('chargeflow tenant acme provisioning 0123456789abcdef');
  });
});

describe('serverReason (DATASOURCE_PROVISIONING_FAILED details.reason)', () => {
  it('keeps the driver message without SQL text, the statement near a fault, or secrets', () => {
    expect(
      serverReason(new Error("insert into `x` values ('Str0ng!pass') - Access denied for user 'a'")),
    ).toBe("Access denied for user 'a'");
    expect(
      serverReason(
        new Error("You have an error in your SQL syntax near 'IDENTIFIED BY 'Str0ng!pass'' at line 1"),
      ),
    ).toBe('You have an error in your SQL syntax (statement not shown)');
    expect(serverReason(new Error('bad Str0ng!pass here'), ['Str0ng!pass'])).toBe('bad *** here');
  });
});

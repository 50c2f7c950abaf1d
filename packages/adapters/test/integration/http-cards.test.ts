// HTTP: card products, collective accounts, cards and their ledgers (CARD-1 … CARD-3) through the
// whole API on the tenant's own MariaDB database; cards are issued by a property user, as CARD-2 says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPhone } from './fixtures/api-stack.js';
import { call, startHttpStack, type HttpStack } from './fixtures/http-stack.js';

const NOW = Date.parse('2026-03-10T10:00:00+08:00');
const STAFF_PASSWORD = 'Staff!Pass1';

describe.each(['mariadb', 'sqlite'] as const)(
  'HTTP cards and collective accounts on %s (CARD-1, CARD-2, CARD-3)',
  (database) => {
    let stack: HttpStack;
    let app: HttpStack['app'];
    let propertyId: string;
    let stationId: string;
    let manager: Record<string, string>;
    let productId: string;
    let accountId: string;
    let cardId: string;
    let printedNo: string;
    let seq = 0;

    const issueBody = (extra: Record<string, unknown> = {}) => {
      seq += 1;
      return {
        productId,
        collectiveAccountId: accountId,
        holderPhone: '13800138000',
        holderName: 'Wang',
        printedNo: `P-${seq}`,
        chipNo: `IC-${seq}`,
        validFrom: '2026-03-01T00:00:00+08:00',
        validTo: '2027-03-01T00:00:00+08:00',
        ...extra,
      };
    };
    const ledgerOf = async (id: string) => (await call(app, 'GET', `/cards/${id}/ledger`)).body.items;
    const accountLedger = async () =>
      (await call(app, 'GET', `/collective-accounts/${accountId}/ledger`)).body.items;

    beforeAll(async () => {
      stack = await startHttpStack(NOW, { database });
      app = stack.app;
      const owner = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
      propertyId = owner.propertyId;
      const station = await call(app, 'POST', '/stations', { propertyId, name: 'West Lake' });
      stationId = station.body.station.id;
      const place = { level: 'PROPERTY', providerId: owner.providerId, propertyId };
      const role = await call(app, 'POST', '/roles', {
        name: 'Card desk',
        owner: place,
        permissions: ['card:issue', 'card:list', 'card:recharge', 'card:toggle', 'card-product:list'],
      });
      expect(role.status).toBe(201);
      const phone = freshPhone();
      const user = await call(app, 'POST', '/users', {
        phone,
        name: 'Desk',
        password: STAFF_PASSWORD,
        place,
        roleIds: [role.body.id],
      });
      expect(user.status).toBe(201);
      manager = await stack.api.signInStaff(stack.tenantId, phone, STAFF_PASSWORD);
    });
    afterAll(async () => stack?.stop());

    it('CARD-1 creates a product bound to the property’s car station with a recharge rule', async () => {
      const res = await call(app, 'POST', '/card-products', {
        propertyId,
        name: 'Company card',
        kind: 'CAR',
        issueType: 'COLLECTIVE_ACCOUNT',
        price: '60.00',
        faceValue: '50.00',
        carStationIds: [stationId],
        rechargeRules: [{ minPayment: '100', bonus: '10' }],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        price: { cny: '60.00', fen: 6000 },
        faceValue: { cny: '50.00', fen: 5000 },
        carStationIds: [stationId],
        rechargeRules: [{ minPayment: { fen: 10000 }, bonus: { fen: 1000 } }],
        enabled: true,
      });
      productId = res.body.id;
      const wrongKind = await call(app, 'POST', '/card-products', {
        propertyId,
        name: 'E-bike card',
        kind: 'EBIKE',
        issueType: 'DIRECT',
        price: '0',
        faceValue: '0',
        ebikeStationIds: [stationId],
      });
      expect(wrongKind.status).toBe(422);
      expect(wrongKind.body.error.code).toBe('CARD_PRODUCT_STATIONS_INVALID');
    });

    it('CARD-2 a collective account is topped up on its own ledger; zero or less is refused', async () => {
      const created = await call(app, 'POST', '/collective-accounts', { propertyId, name: 'ACME Ltd' });
      expect(created.status).toBe(201);
      accountId = created.body.id;
      for (const amount of ['0', '-5.00']) {
        const bad = await call(app, 'POST', `/collective-accounts/${accountId}/recharges`, { amount });
        expect(bad.status).toBe(422);
        expect(bad.body.error.code).toBe('COLLECTIVE_ACCOUNT_AMOUNT_INVALID');
      }
      const topped = await call(app, 'POST', `/collective-accounts/${accountId}/recharges`, {
        amount: '100.00',
        reference: 'bank transfer 1',
      });
      expect(topped.status).toBe(201);
      expect(topped.body.account.balance).toEqual({ cny: '100.00', fen: 10000 });
      expect(topped.body.line).toMatchObject({ seq: 1, kind: 'RECHARGE', balanceAfter: { fen: 10000 } });
    });

    it('CARD-2 only a property user issues cards', async () => {
      const res = await call(app, 'POST', '/cards', issueBody()); // the tenant administrator: platform level
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('CARD_ISSUER_NOT_PROPERTY');
      expect((await call(app, 'GET', '/cards')).body.items).toEqual([]);
    });

    it('CARD-2 issuing through the account debits the price; the card opens with the face value', async () => {
      const res = await call(app, 'POST', '/cards', issueBody(), manager);
      expect(res.status).toBe(201);
      cardId = res.body.card.id;
      printedNo = res.body.card.printedNo;
      expect(res.body.card).toMatchObject({
        status: 'ENABLED',
        balance: { cny: '50.00' },
        stationIds: [stationId],
        collectiveAccountId: accountId,
      });
      expect(res.body.lines).toMatchObject([{ seq: 1, kind: 'ISSUE', amount: { fen: 5000 } }]);
      // 100.00 − 60.00 = 40.00, on the account's own ledger naming the card.
      const account = await call(app, 'GET', `/collective-accounts/${accountId}`);
      expect(account.body.balance.cny).toBe('40.00');
      expect(
        (await accountLedger()).map((l: { kind: string; amount: { cny: string } }) => [l.kind, l.amount.cny]),
      ).toEqual([
        ['RECHARGE', '100.00'],
        ['CARD_ISSUE', '-60.00'],
      ]);
    });

    it('CARD-2 a short, locked or disabled account, a disabled product, a taken no.: refused, nothing written', async () => {
      const short = await call(app, 'POST', '/cards', issueBody(), manager); // 40.00 < 60.00
      expect(short.status).toBe(422);
      expect(short.body.error.code).toBe('COLLECTIVE_ACCOUNT_INSUFFICIENT_BALANCE');
      await call(app, 'POST', `/collective-accounts/${accountId}/recharges`, { amount: '200.00' });
      await call(app, 'POST', `/collective-accounts/${accountId}/status`, { locked: true });
      const locked = await call(app, 'POST', '/cards', issueBody(), manager);
      expect([locked.status, locked.body.error.code]).toEqual([409, 'COLLECTIVE_ACCOUNT_LOCKED']);
      await call(app, 'POST', `/collective-accounts/${accountId}/status`, { locked: false, enabled: false });
      const disabled = await call(app, 'POST', '/cards', issueBody(), manager);
      expect([disabled.status, disabled.body.error.code]).toEqual([409, 'COLLECTIVE_ACCOUNT_DISABLED']);
      await call(app, 'POST', `/collective-accounts/${accountId}/status`, { enabled: true });
      const none = await call(app, 'POST', '/cards', issueBody({ collectiveAccountId: undefined }), manager);
      expect([none.status, none.body.error.code]).toEqual([422, 'COLLECTIVE_ACCOUNT_REQUIRED']);
      const taken = await call(app, 'POST', '/cards', issueBody({ printedNo }), manager);
      expect([taken.status, taken.body.error.code]).toEqual([409, 'CARD_NO_TAKEN']);
      await call(app, 'POST', `/card-products/${productId}/status`, { enabled: false });
      const off = await call(app, 'POST', '/cards', issueBody(), manager);
      expect([off.status, off.body.error.code]).toEqual([409, 'CARD_PRODUCT_DISABLED']);
      await call(app, 'POST', `/card-products/${productId}/status`, { enabled: true });
      // Still one card; the account ledger holds only the two top-ups and the one issue: 40 + 200 = 240.00.
      expect((await call(app, 'GET', '/cards')).body.items).toHaveLength(1);
      expect(
        (await accountLedger()).map((l: { balanceAfter: { cny: string } }) => l.balanceAfter.cny),
      ).toEqual(['100.00', '40.00', '240.00']);
    });

    it('CARD-3 a recharge of zero or below is CARD_AMOUNT_INVALID and writes no ledger line', async () => {
      for (const amount of ['0', '0.00', '-1', '-0.01']) {
        const res = await call(app, 'POST', `/cards/${cardId}/recharges`, { amount }, manager);
        expect([res.status, res.body.error.code]).toEqual([422, 'CARD_AMOUNT_INVALID']);
      }
      expect(await ledgerOf(cardId)).toHaveLength(1);
    });

    it('CARD-1, CARD-3 pay 100.00 get 110.00: two lines, balance = Σ ledger; a repeated request id is one recharge', async () => {
      const body = { amount: '100.00', reference: 'cash', requestId: 'desk-1' };
      const first = await call(app, 'POST', `/cards/${cardId}/recharges`, body, manager);
      expect(first.status).toBe(201);
      expect(
        first.body.lines.map((l: { kind: string; amount: { cny: string } }) => [l.kind, l.amount.cny]),
      ).toEqual([
        ['RECHARGE', '100.00'],
        ['RECHARGE_BONUS', '10.00'],
      ]);
      const again = await call(app, 'POST', `/cards/${cardId}/recharges`, body, manager);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const small = await call(app, 'POST', `/cards/${cardId}/recharges`, { amount: '99.99' }, manager);
      expect(small.body.lines).toHaveLength(1); // below the rule: no bonus
      // 50.00 + 100.00 + 10.00 + 99.99 = 259.99
      const card = await call(app, 'GET', `/cards/${cardId}`);
      expect(card.body.balance).toEqual({ cny: '259.99', fen: 25999 });
      const lines = await ledgerOf(cardId);
      expect(lines.map((l: { seq: number }) => l.seq)).toEqual([1, 2, 3, 4]);
      expect(lines.reduce((s: number, l: { amount: { fen: number } }) => s + l.amount.fen, 0)).toBe(25999);
      expect(lines.at(-1).balanceAfter.fen).toBe(25999);
    });

    it('CARD-3 the ledger exports as CSV', async () => {
      const res = await app.request(`/cards/${cardId}/ledger/export`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const rows = (await res.text()).trim().split('\r\n');
      expect(rows[0]).toBe('card,printedNo,seq,kind,amountCny,balanceAfterCny,orderNo,reference,at');
      expect(rows.slice(1).map((r) => r.split(',').slice(3, 6).join(' '))).toEqual([
        'ISSUE 50.00 50.00',
        'RECHARGE 100.00 150.00',
        'RECHARGE_BONUS 10.00 160.00',
        'RECHARGE 99.99 259.99',
      ]);
    });

    it('CARD-3 disable, enable, report loss; a lost card cannot be enabled again', async () => {
      const post = (action: string) => call(app, 'POST', `/cards/${cardId}/status`, { action }, manager);
      expect((await post('DISABLE')).body.status).toBe('DISABLED');
      expect((await post('ENABLE')).body.status).toBe('ENABLED');
      expect((await post('REPORT_LOSS')).body.status).toBe('LOST');
      const again = await post('ENABLE');
      expect([again.status, again.body.error.code]).toEqual([409, 'CARD_LOST']);
      expect((await call(app, 'GET', `/cards/${cardId}`)).body.balance.cny).toBe('259.99'); // the balance stays
    });

    it('CARD-4 the card holder is a member: searched by phone, nickname, name and plate edited', async () => {
      const found = await call(app, 'GET', '/members?phone=1380013');
      expect(found.status).toBe(200);
      expect(found.body.items).toMatchObject([{ phone: '13800138000', name: 'Wang', cardIds: [cardId] }]);
      const memberId = found.body.items[0].id;
      const edited = await call(app, 'PATCH', `/members/${memberId}`, {
        nickname: 'Xiao Wang',
        name: 'Wang Wei',
        plate: '浙ad12345',
      });
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      expect(edited.body, JSON.stringify(edited.body)).toMatchObject({
        nickname: 'Xiao Wang',
        name: 'Wang Wei',
        plate: '浙AD12345',
      });
      const bad = await call(app, 'PATCH', `/members/${memberId}`, { plate: 'ABC123' });
      expect([bad.status, bad.body.error.code]).toEqual([422, 'PLATE_INVALID']);
      const cleared = await call(app, 'PATCH', `/members/${memberId}`, { nickname: null });
      expect(cleared.body).toMatchObject({ nickname: null, plate: '浙AD12345' });
      expect((await call(app, 'GET', '/members?phone=139')).body.items).toEqual([]);
      expect((await call(app, 'GET', '/members/nope')).body.error.code).toBe('MEMBER_NOT_FOUND');
    });

    it('CARD-4 vehicle owners are added, edited, verified and disabled; a disabled owner cannot sign in', async () => {
      const phone = freshPhone();
      const added = await call(app, 'POST', '/vehicle-owners', { phone, name: 'Sun', plate: '沪B12345' });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({
        phone,
        name: 'Sun',
        plate: '沪B12345',
        verified: false,
        enabled: true,
      });
      const ownerId = added.body.id;
      const again = await call(app, 'POST', '/vehicle-owners', { phone });
      expect([again.status, again.body.error.code]).toEqual([409, 'VEHICLE_OWNER_PHONE_TAKEN']);
      const edited = await call(app, 'PATCH', `/vehicle-owners/${ownerId}`, { nickname: 'Sunny' });
      expect(edited.body).toMatchObject({ nickname: 'Sunny', name: 'Sun' });
      const verified = await call(app, 'POST', `/vehicle-owners/${ownerId}/verification`, { verified: true });
      expect(verified.body.verified).toBe(true);
      expect((await call(app, 'GET', `/vehicle-owners?phone=${phone}`)).body.items).toMatchObject([
        { id: ownerId, verified: true },
      ]);
      // The owner signs in by SMS code (the app user of the tenancy issue) …
      const token = await stack.api.signInApp(stack.tenantId, phone);
      expect((await call(app, 'GET', '/me', undefined, token)).body).toMatchObject({
        id: ownerId,
        verified: true,
      });
      // … until disabled: at once, the token is refused.
      const off = await call(app, 'POST', `/vehicle-owners/${ownerId}/status`, { enabled: false });
      expect(off.body.enabled).toBe(false);
      const me = await call(app, 'GET', '/me', undefined, token);
      expect([me.status, me.body.error.details.reason ?? me.body.error.code]).toEqual([401, 'USER_DISABLED']);
    });

    it('CARD-4 cards are found by holder phone and by printed no.', async () => {
      expect((await call(app, 'GET', '/cards?phone=13800138000')).body.items).toHaveLength(1);
      expect((await call(app, 'GET', `/cards?printedNo=${printedNo}`)).body.items[0].id).toBe(cardId);
      expect((await call(app, 'GET', '/cards?phone=13900000001')).body.items).toEqual([]);
    });
  },
);

import { randomUUID } from 'node:crypto';

// `npm run demo` over HTTP only: what a charging app does against a running `npm start`.

/** A bill line as the API shows it. */
export interface BillLineView {
  readonly kind: string;
  readonly label: string;
  readonly band: string | null;
  readonly quantity: { readonly value: string; readonly unit: string };
  readonly unitPrice: string;
  readonly preciseAmount: string;
  readonly amount: { readonly cny: string; readonly fen: number };
}

/** The part of the API's order view the demo reads. */
export interface OrderView {
  readonly orderNo: string;
  readonly status: string;
  readonly chargerSerial: string;
  readonly connectorNo: string;
  readonly energyWh: number | null;
  /** E-bike sessions while charging: box time since the start report, s. */
  readonly durationS?: number | null;
  readonly fee: { readonly cny: string } | null;
  readonly prepayReturned: { readonly cny: string; readonly fen: number } | null;
  readonly funding: { readonly prepay: { readonly cny: string; readonly fen: number } | null };
  readonly endReason: string | null;
  readonly startedAt?: string | null;
  readonly endedAt?: string | null;
  /** TAR-12: fees beyond the bill (the occupancy fee of the stay). */
  readonly fees?: readonly {
    readonly kind: string;
    readonly source: { readonly kind: string; readonly ref: string };
    readonly line: BillLineView;
    readonly amount: { readonly cny: string; readonly fen: number };
  }[];
  readonly bill: {
    readonly tariff: { readonly tariffId: string; readonly version: number };
    readonly lines: readonly BillLineView[];
    readonly total: { readonly cny: string; readonly fen: number };
    readonly uncappedTotal: { readonly cny: string; readonly fen: number };
    readonly notes: readonly string[];
  } | null;
}

/** What a demo session needs. */
export interface DemoOptions {
  /** Where `npm start` serves the API, e.g. http://127.0.0.1:3000. */
  readonly apiUrl: string;
  /** The tenant the app user belongs to (the seeded `demo`). */
  readonly tenant?: string;
  /** The app user's phone (signed in with an SMS code; created on first sign-in). */
  readonly phone?: string;
  /**
   * A platform operator who may read the sandbox SMS outbox (the seeded one by default): the
   * demo reads its own sign-in code there, as a phone would receive it.
   */
  readonly operator?: { readonly phone: string; readonly password: string };
  /** Decimal CNY paid up front. */
  readonly prepay: string;
  /** Wall seconds to charge after the charger accepted the start. */
  readonly chargeSeconds: number;
  /**
   * CAR (default) ends COMPLETED; EBIKE (ORD-8: a socket of an e-bike box, `--ebike`) ends ENDED and
   * defaults to the demo box CF-DEMO-EB01, socket 2.
   */
  readonly kind?: 'CAR' | 'EBIKE';
  /** Which charger and connector; default: the demo DC charger (CF-DEMO-DC01), connector 1. */
  readonly chargerSerial?: string;
  readonly connectorNo?: string;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Give up waiting for a state after this many wall seconds. */
  readonly timeoutSeconds?: number;
}

/** An HTTP error of the API, with its code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${JSON.stringify(body)}`);
  }
}

export async function call<T>(
  apiUrl: string,
  method: string,
  path: string,
  body?: unknown,
  key?: string,
  token?: string,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key !== undefined) headers['idempotency-key'] = key;
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(new URL(path, apiUrl), {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, parsed, `${method} ${path}`);
  return parsed as T;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The seeded credentials and defaults of the local stack (apps/dev/src/config.ts). */
export const DEMO_DEFAULTS = {
  tenant: 'demo',
  phone: '13900000001',
  operator: { phone: '13800000000', password: 'Platform!2026' },
  /** The demo tenant's operator (apps/dev/src/config.ts DEMO_OPERATOR_*). */
  tenantOperator: { phone: '13800000001', password: 'Operator!2026' },
  chargerSerial: 'CF-DEMO-DC01',
  ebike: { serial: 'CF-DEMO-EB01', socket: '2' },
} as const;

/**
 * CARD-4: signs an app user in as the app would: asks for an SMS code, reads it from the sandbox SMS
 * outbox (as the platform operator: the sandbox keeps messages instead of sending them), and trades
 * it for tokens. Returns the access token.
 */
export async function signInAppUser(
  apiUrl: string,
  tenant: string,
  phone: string,
  operator: { readonly phone: string; readonly password: string },
): Promise<string> {
  await call(apiUrl, 'POST', '/auth/sms-codes', { tenant, phone });
  const admin = await call<{ accessToken: string }>(apiUrl, 'POST', '/auth/sign-in', operator);
  const outbox = await call<{ items: { text: string }[] }>(
    apiUrl,
    'GET',
    `/platform/sandbox/sms?phone=${phone}`,
    undefined,
    undefined,
    admin.accessToken,
  );
  const code = /(\d{6})/.exec(outbox.items[0]?.text ?? '')?.[1];
  if (code === undefined) throw new Error(`no sign-in code for ${phone} in the sandbox SMS outbox`);
  const session = await call<{ accessToken: string }>(apiUrl, 'POST', '/auth/app-sign-in', {
    tenant,
    phone,
    code,
  });
  return session.accessToken;
}

/**
 * One prepaid app session over the HTTP API, as an app user: signs in with an SMS code, starts an
 * order (POST /me/orders, prepay), waits for CHARGING, lets it charge `chargeSeconds`, stops it
 * (POST /me/orders/{no}/stop), and waits until the order is COMPLETED (an e-bike order: ENDED) with
 * its bill. Returns the order.
 */
export async function runDemo(options: DemoOptions): Promise<OrderView> {
  return chargeOnce(options, await demoSignIn(options));
}

/** Signs the demo's app user in (SMS code from the sandbox); returns the access token. */
export async function demoSignIn(options: DemoOptions): Promise<string> {
  const tenant = options.tenant ?? DEMO_DEFAULTS.tenant;
  const phone = options.phone ?? DEMO_DEFAULTS.phone;
  const token = await signInAppUser(
    options.apiUrl,
    tenant,
    phone,
    options.operator ?? DEMO_DEFAULTS.operator,
  );
  options.log?.(`signed in as app user ${phone} of tenant ${tenant} (SMS code from the sandbox)`);
  return token;
}

/** One prepaid session of the signed-in app user (`token`), as `runDemo` describes. */
export async function chargeOnce(options: DemoOptions, token: string): Promise<OrderView> {
  const { apiUrl } = options;
  const log = options.log ?? (() => undefined);
  const deadline = (extraSeconds: number): number =>
    Date.now() + ((options.timeoutSeconds ?? 60) + extraSeconds) * 1000;
  const ebike = options.kind === 'EBIKE';
  const done = ebike ? 'ENDED' : 'COMPLETED';
  const serial = options.chargerSerial ?? (ebike ? DEMO_DEFAULTS.ebike.serial : DEMO_DEFAULTS.chargerSerial);
  const connectorNo = options.connectorNo ?? (ebike ? DEMO_DEFAULTS.ebike.socket : '1');
  const started = await call<OrderView>(
    apiUrl,
    'POST',
    '/me/orders',
    { chargerSerial: serial, connectorNo, prepay: options.prepay },
    `demo-${randomUUID()}`,
    token,
  );
  const orderNo = started.orderNo;
  log(
    `order ${orderNo} on ${serial} connector ${connectorNo}, prepay ${options.prepay} CNY: ${started.status}`,
  );

  const watch = async (
    until: (order: OrderView) => boolean,
    what: string,
    extraSeconds = 0,
  ): Promise<OrderView> => {
    const end = deadline(extraSeconds);
    let last = '';
    for (;;) {
      const order = await call<OrderView>(
        apiUrl,
        'GET',
        `/me/orders/${orderNo}`,
        undefined,
        undefined,
        token,
      );
      const duration =
        order.durationS === undefined || order.durationS === null
          ? ''
          : ` ${String(Math.floor(order.durationS / 60)).padStart(4)} min`;
      const line = `  ${order.status.padEnd(9)}${duration} ${String(order.energyWh ?? 0).padStart(6)} Wh  fee ${order.fee?.cny ?? '-'} CNY`;
      if (line !== last) log(line);
      last = line;
      if (until(order)) return order;
      // The order reads COMPLETED a moment before its settlement (and bill) is recorded: only a
      // terminal status other than the one awaited is a failure.
      const ended = ['ABNORMAL', 'COMPLETED', 'ENDED'].includes(order.status);
      if (ended && order.status !== what && !until(order)) {
        throw new Error(
          `order ${orderNo} ended ${order.status} (${order.endReason ?? 'no reason'}) before ${what}`,
        );
      }
      if (Date.now() > end)
        throw new Error(`order ${orderNo} did not reach ${what} in time (last: ${order.status})`);
      await sleep(500);
    }
  };
  await watch((o) => o.status === 'CHARGING', 'CHARGING');
  const chargeUntil = Date.now() + options.chargeSeconds * 1000;
  const charged = await watch(
    (o) => o.status !== 'CHARGING' || Date.now() >= chargeUntil,
    'the end of charging',
    options.chargeSeconds,
  );
  if (charged.status === 'CHARGING') {
    const stop = await call<{ status: string }>(
      apiUrl,
      'POST',
      `/me/orders/${orderNo}/stop`,
      undefined,
      `stop-${orderNo}`,
      token,
    );
    log(`stop requested: ${stop.status}`);
  } else {
    log(`the session stopped by itself: ${charged.status}`); // e.g. prepay exhausted, battery full
  }
  return watch((o) => o.status === done && o.bill !== null, done);
}

/** The itemised bill as text: each line's label, quantity, unit price, precise and rounded amount; total; prepay returned. */
export function formatBill(order: OrderView): string {
  const bill = order.bill;
  if (bill === null) return `order ${order.orderNo}: no bill (${order.status})`;
  const rows = bill.lines.map((l) => [
    `${l.label} ${l.kind.toLowerCase()}`,
    `${l.quantity.value} ${l.quantity.unit}`,
    l.unitPrice,
    l.preciseAmount,
    l.amount.cny,
  ]);
  const head = ['line', 'quantity', 'unit price', 'precise amount', 'amount (CNY)'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: readonly string[]): string =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const prepay = order.funding.prepay?.cny ?? '-';
  return [
    `Bill of order ${order.orderNo} (tariff ${bill.tariff.tariffId} v${bill.tariff.version}), ${order.energyWh ?? 0} Wh, ended ${order.endReason ?? '-'}`,
    fmt(head),
    ...rows.map(fmt),
    `${'total'.padEnd(widths[0]!)}  ${bill.total.cny.padStart(widths.slice(1).reduce((a, w) => a + w + 2, -2))}`,
    ...(bill.total.fen !== bill.uncappedTotal.fen
      ? [`(uncapped ${bill.uncappedTotal.cny}; capped at the prepay)`]
      : []),
    ...bill.notes.map((note) => `note: ${note}`),
    `prepay ${prepay} CNY, returned ${order.prepayReturned?.cny ?? '-'} CNY`,
  ].join('\n');
}

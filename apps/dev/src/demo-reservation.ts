import {
  DEMO_DEFAULTS,
  call,
  chargeOnce,
  demoSignIn,
  sleep,
  type DemoOptions,
  type OrderView,
} from './demo-client.js';
import { DEMO_PARKING, DEMO_STATION } from './demo-data.js';

// `npm run demo -- --reservation` over HTTP only: an app user books a demo bay (RES-1), the demo car
// drives in front of the simulated camera (the local stack's /dev control), the ground lock opens
// (RES-2), the car charges, stands about 40 more (device) minutes and leaves; the reservation completes
// with its occupancy fee, which is also the charging order's own fee (TAR-12, RES-3).

/** The part of the API's reservation view the demo reads. */
export interface ReservationView {
  readonly reservationNo: string;
  readonly status: string;
  readonly spaceName: string;
  readonly plate: string;
  readonly enteredAt: string | null;
  readonly endedAt: string | null;
  readonly chargedMinutes: number;
  readonly occupancyMinutes: number | null;
  readonly occupancyFee: {
    readonly label: string;
    readonly amount: { readonly cny: string; readonly fen: number };
  } | null;
  readonly lockFault: string | null;
}

/** What the reservation demo needs beyond a charging demo's options. */
export interface ReservationDemoOptions extends DemoOptions {
  /** The demo tenant's operator (verifies the app user as a vehicle owner, RES-1). */
  readonly tenantOperator: { readonly phone: string; readonly password: string };
  /** Which demo bay (P-01 at the DC charger, P-02 at the AC post). */
  readonly spaceNo?: string;
  readonly plate?: string;
  /** Device minutes the car stands after charging, before it leaves. */
  readonly idleMinutesAfter?: number;
}

/** Books, enters, charges, leaves; returns the completed reservation and the charging order. */
export async function runReservationDemo(
  options: ReservationDemoOptions,
): Promise<{ readonly reservation: ReservationView; readonly order: OrderView }> {
  const { apiUrl } = options;
  const log = options.log ?? (() => undefined);
  const tenant = options.tenant ?? DEMO_DEFAULTS.tenant;
  const spaceNo = options.spaceNo ?? 'P-01';
  const bay = DEMO_PARKING.spaces.find((s) => s.name === spaceNo);
  if (bay === undefined) throw new Error(`no demo bay ${spaceNo}`);
  const plate = options.plate ?? '沪AD12345';
  const token = await demoSignIn(options);
  const staff = await call<{ accessToken: string }>(apiUrl, 'POST', '/auth/sign-in', {
    tenant,
    ...options.tenantOperator,
  });
  const me = await call<{ id: string }>(apiUrl, 'GET', '/me', undefined, undefined, token);
  await call(
    apiUrl,
    'POST',
    `/vehicle-owners/${me.id}/verification`,
    { verified: true },
    undefined,
    staff.accessToken,
  );
  const spaces = await call<{ items: { id: string; name: string }[] }>(
    apiUrl,
    'GET',
    `/parking-spaces?stationId=${DEMO_STATION.id}`,
    undefined,
    undefined,
    staff.accessToken,
  );
  const space = spaces.items.find((s) => s.name === spaceNo);
  if (space === undefined) throw new Error(`demo bay ${spaceNo} is not seeded`);
  const booked = await call<ReservationView>(
    apiUrl,
    'POST',
    '/me/reservations',
    { spaceId: space.id, plate },
    undefined,
    token,
  );
  log(
    `reservation ${booked.reservationNo}: bay ${spaceNo}, plate ${plate}, ${booked.status} (2 h to arrive)`,
  );

  const reservation = () =>
    call<ReservationView>(
      apiUrl,
      'GET',
      `/me/reservations/${booked.reservationNo}`,
      undefined,
      undefined,
      token,
    );
  const until = async (done: (r: ReservationView) => boolean, what: string): Promise<ReservationView> => {
    const end = Date.now() + (options.timeoutSeconds ?? 60) * 1000;
    for (;;) {
      const r = await reservation();
      if (done(r)) return r;
      if (Date.now() > end)
        throw new Error(`reservation ${r.reservationNo} did not reach ${what} (last: ${r.status})`);
      await sleep(300);
    }
  };
  const sight = (direction: 'ENTER' | 'LEAVE', at?: string) =>
    call(
      apiUrl,
      'POST',
      `/dev/cameras/${DEMO_PARKING.camera.serialNo}/sightings`,
      { spaceNo, plate, direction, ...(at === undefined ? {} : { at }) },
      undefined,
      token,
    );
  await sight('ENTER');
  log(`the camera ${DEMO_PARKING.camera.serialNo} saw ${plate} enter ${spaceNo}; the ground lock opens`);
  await until((r) => r.status === 'OCCUPYING', 'OCCUPYING');
  log('reservation OCCUPYING; charging');

  const order = await chargeOnce({ ...options, chargerSerial: bay.chargerSerial, connectorNo: '1' }, token);
  // The charger's clock ran fast while it charged (DEVICE_TIME_SCALE): the reservation counted the
  // charging in device time (RES-3); the car leaves `idle` device minutes after that.
  const charged = await until((r) => r.chargedMinutes > 0, 'the charging time');
  const idle = options.idleMinutesAfter ?? 40;
  const enteredAt = Date.parse(charged.enteredAt ?? new Date().toISOString());
  const leftAt = new Date(enteredAt + (charged.chargedMinutes + 1 + idle) * 60_000).toISOString();
  await sight('LEAVE', leftAt);
  log(
    `charged ${charged.chargedMinutes} min; the car leaves ${idle} min later (device time ${leftAt}); the lock closes`,
  );
  const done = await until(
    (r) => r.status === 'COMPLETED' && r.occupancyFee !== null,
    'COMPLETED with its fee',
  );
  const end = Date.now() + (options.timeoutSeconds ?? 60) * 1000;
  let billed = order;
  while ((billed.fees ?? []).length === 0 && Date.now() < end) {
    await sleep(300);
    billed = await call<OrderView>(apiUrl, 'GET', `/me/orders/${order.orderNo}`, undefined, undefined, token);
  }
  return { reservation: done, order: billed };
}

/** The reservation and the order's occupancy fee as text. */
export function formatReservation(result: {
  readonly reservation: ReservationView;
  readonly order: OrderView;
}): string {
  const { reservation: r, order } = result;
  const fee = order.fees?.[0];
  return [
    `Reservation ${r.reservationNo} (${r.plate} in ${r.spaceName}): ${r.status}${r.lockFault === null ? '' : `, lock fault ${r.lockFault}`}`,
    `  charging ${r.chargedMinutes} min, occupancy ${r.occupancyMinutes ?? '-'} min`,
    `  occupancy fee: ${r.occupancyFee?.label ?? '-'} = ${r.occupancyFee?.amount.cny ?? '-'} CNY`,
    fee === undefined
      ? `  order ${order.orderNo}: no occupancy fee on it`
      : `  on order ${order.orderNo} as its own fee: ${fee.amount.cny} CNY (${fee.source.kind} ${fee.source.ref}), beside the charging bill of ${order.bill?.total.cny ?? '-'} CNY`,
  ].join('\n');
}

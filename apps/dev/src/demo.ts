import { DEMO_DEFAULTS, formatBill, runDemo } from './demo-client.js';
import { formatReservation, runReservationDemo } from './demo-reservation.js';

// `npm run demo`: an app user signs in with an SMS code (read from the sandbox) and charges once
// against a running `npm start` (API_URL, default http://127.0.0.1:3000), printed as it goes,
// ending with the itemised bill. DEMO_TENANT, DEMO_PHONE and PLATFORM_ADMIN_PHONE/PASSWORD override
// the seeded defaults. `npm run demo -- --ebike` charges an e-bike instead (ORD-8: socket 2 of the
// demo e-bike box CF-DEMO-EB01, prepay DEMO_PREPAY default 5), ending with the e-bike bill.
// `npm run demo -- --reservation` books demo bay P-01 (RES-1), drives the car in front of the demo
// camera, charges, leaves 40 device minutes later, and prints the reservation with its occupancy fee
// on the charging order (TAR-12); DEMO_OPERATOR_PHONE/PASSWORD: the demo tenant's operator.
const ebike = process.argv.slice(2).includes('--ebike');
const reservation = process.argv.slice(2).includes('--reservation');
const apiUrl = process.env['API_URL'] ?? 'http://127.0.0.1:3000';
const chargeSeconds = Number(process.env['DEMO_CHARGE_SECONDS'] ?? '15');
const prepay = process.env['DEMO_PREPAY'] ?? (ebike ? '5' : '100');

try {
  const health = await fetch(new URL('/health', apiUrl)).catch(() => undefined);
  if (health === undefined) {
    console.error(`no API at ${apiUrl}: start the local stack first (npm start), or set API_URL`);
    process.exit(1);
  }
  console.log(`${ebike ? 'e-bike ' : reservation ? 'reservation and ' : ''}charging demo against ${apiUrl}`);
  const env = process.env;
  const common = {
    apiUrl,
    kind: ebike ? ('EBIKE' as const) : ('CAR' as const),
    prepay,
    chargeSeconds,
    tenant: env['DEMO_TENANT'] ?? DEMO_DEFAULTS.tenant,
    phone: env['DEMO_PHONE'] ?? DEMO_DEFAULTS.phone,
    operator: {
      phone: env['PLATFORM_ADMIN_PHONE'] ?? DEMO_DEFAULTS.operator.phone,
      password: env['PLATFORM_ADMIN_PASSWORD'] ?? DEMO_DEFAULTS.operator.password,
    },
    log: (line: string) => console.log(line),
  };
  if (reservation) {
    const result = await runReservationDemo({
      ...common,
      kind: 'CAR',
      tenantOperator: {
        phone: env['DEMO_OPERATOR_PHONE'] ?? DEMO_DEFAULTS.tenantOperator.phone,
        password: env['DEMO_OPERATOR_PASSWORD'] ?? DEMO_DEFAULTS.tenantOperator.password,
      },
    });
    console.log(`\n${formatBill(result.order)}\n\n${formatReservation(result)}`);
  } else {
    const order = await runDemo(common);
    console.log(`\n${formatBill(order)}`);
  }
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

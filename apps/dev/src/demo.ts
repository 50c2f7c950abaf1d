import { formatBill, runDemo } from './demo-client.js';

// `npm run demo`: one prepaid charging session against a running `npm start` (API_URL, default
// http://127.0.0.1:3000), printed as it goes, ending with the itemised bill.
const apiUrl = process.env['API_URL'] ?? 'http://127.0.0.1:3000';
const chargeSeconds = Number(process.env['DEMO_CHARGE_SECONDS'] ?? '15');
const prepay = process.env['DEMO_PREPAY'] ?? '100';

try {
  const health = await fetch(new URL('/health', apiUrl)).catch(() => undefined);
  if (health === undefined) {
    console.error(`no API at ${apiUrl}: start the local stack first (npm start), or set API_URL`);
    process.exit(1);
  }
  console.log(`charging demo against ${apiUrl}`);
  const order = await runDemo({ apiUrl, prepay, chargeSeconds, log: (line) => console.log(line) });
  console.log(`\n${formatBill(order)}`);
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

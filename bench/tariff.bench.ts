// Tariff engine benchmark (issue 3): exact bigint pricing vs a naive float implementation of the same
// arithmetic, measured in the same run. Not a test: `node --import tsx bench/tariff.bench.ts`.
import {
  parseCarTariff,
  priceEnergy,
  roundToFen,
  type Wh,
  priceCarSession,
  quoteCar,
  type CarTariff,
  type CarTariffDefinition,
  type MeterReading,
} from '../packages/core/src/index.js';
import { FLAT_DEF, TOU_DEF } from '../packages/core/src/tariff/fixtures/sample-tariffs.js';

// The same sample tariffs the tariff tests and the docs' worked examples use.
function must(def: CarTariffDefinition): CarTariff {
  const result = parseCarTariff(def);
  if (!result.ok) throw result.error;
  return result.value;
}
const tou = must(TOU_DEF);
const flat = must(FLAT_DEF);

// 24 h session from 09:17:23 Shanghai, one reading a minute, power varying 3–7 kW; readings are
// offset by 23 s from the minute so intervals cross the period boundaries (interpolation happens).
const START = Date.parse('2024-05-01T09:17:23+08:00');
const readings: MeterReading[] = [];
let wh = 0;
for (let i = 0; i <= 1440; i++) {
  readings.push({ at: START + i * 60_000, wh });
  wh += 50 + ((i * 37) % 70);
}

// ---- naive float baseline: same inputs, same output shape, binary floats, fixed UTC+8 ----------
interface FloatLine {
  kind: string;
  label: string;
  quantity: { value: string; unit: string };
  unitPrice: string;
  preciseAmount: string;
  amount: number;
}
interface FloatPeriod {
  from: number;
  to: number;
  label: string;
  band: string;
  energy: number;
  service: number;
}
const floatPeriods: FloatPeriod[] =
  tou.pricing.mode === 'TOU'
    ? tou.pricing.periods.map((p) => {
        const band =
          tou.pricing.mode === 'TOU' ? tou.pricing.bands.find((b) => b.band === p.band)! : undefined!;
        return {
          from: p.fromMinute,
          to: p.toMinute,
          label: p.label,
          band: p.band,
          energy: Number(band.energy) / 1e5,
          service: Number(band.service) / 1e5,
        };
      })
    : [];
const OFFSET_MS = 8 * 3_600_000;
const DAY = 86_400_000;
// The floor: the bill as numbers only (no decimal strings at all).
let bare = false;
function floatLines(lines: FloatLine[], label: string, kwh: number, e: number, s: number): void {
  if (bare) {
    lines.push({
      kind: 'ENERGY',
      label,
      quantity: { value: '', unit: 'kWh' },
      unitPrice: '',
      preciseAmount: '',
      amount: Math.round(kwh * e * 100) / 100,
    });
    lines.push({
      kind: 'SERVICE',
      label,
      quantity: { value: '', unit: 'kWh' },
      unitPrice: '',
      preciseAmount: '',
      amount: Math.round(kwh * s * 100) / 100,
    });
    return;
  }
  const q = kwh.toFixed(3);
  const ea = kwh * e;
  const sa = kwh * s;
  lines.push({
    kind: 'ENERGY',
    label,
    quantity: { value: q, unit: 'kWh' },
    unitPrice: e.toFixed(5),
    preciseAmount: String(ea),
    amount: Math.round(ea * 100) / 100,
  });
  lines.push({
    kind: 'SERVICE',
    label,
    quantity: { value: q, unit: 'kWh' },
    unitPrice: s.toFixed(5),
    preciseAmount: String(sa),
    amount: Math.round(sa * 100) / 100,
  });
}
function floatTou(rs: readonly MeterReading[]): { lines: FloatLine[]; total: number } {
  const energy = new Array<number>(floatPeriods.length).fill(0);
  const periodAt = (t: number): { i: number; end: number } => {
    const local = t + OFFSET_MS;
    const minute = (((local % DAY) + DAY) % DAY) / 60_000;
    let i = 0;
    while (floatPeriods[i]!.to <= minute) i++;
    return { i, end: local - (local % DAY) + floatPeriods[i]!.to * 60_000 - OFFSET_MS };
  };
  for (let k = 1; k < rs.length; k++) {
    let t0 = rs[k - 1]!.at;
    const t1 = rs[k]!.at;
    const e = (rs[k]!.wh - rs[k - 1]!.wh) / 1000;
    const perMs = e / (t1 - t0 || 1);
    for (;;) {
      const { i, end } = periodAt(t0);
      if (t1 <= end) {
        energy[i]! += perMs * (t1 - t0) || (t1 === t0 ? e : 0);
        break;
      }
      energy[i]! += perMs * (end - t0);
      t0 = end;
    }
  }
  const lines: FloatLine[] = [];
  energy.forEach((kwh, i) => {
    const p = floatPeriods[i]!;
    if (kwh > 0) floatLines(lines, p.label, kwh, p.energy, p.service);
  });
  let total = 0;
  for (const l of lines) total += l.amount;
  return { lines, total: Math.round(total * 100) / 100 };
}
function floatFlat(energyWh: number): { lines: FloatLine[]; total: number } {
  const lines: FloatLine[] = [];
  floatLines(lines, 'flat rate, all day', energyWh / 1000, 0.8523, 0.4);
  return { lines, total: Math.round((lines[0]!.amount + lines[1]!.amount) * 100) / 100 };
}

// ---- harness ---------------------------------------------------------------------------------
let sink = 0;
function measure(iterations: number, run: (i: number) => { lines: readonly unknown[] }): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += run(i).lines.length;
  return Number(process.hrtime.bigint() - t0) / iterations;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Run = (i: number) => { lines: readonly unknown[] };
function compare(name: string, iterations: number, exact: Run, float: Run): void {
  const floatBare: Run = (i) => {
    bare = true;
    try {
      return float(i);
    } finally {
      bare = false;
    }
  };
  const runs = [exact, float, floatBare];
  for (const run of runs) measure(Math.ceil(iterations / 2), run); // warm-up
  const samples: number[][] = [[], [], []];
  for (let round = 0; round < 7; round++)
    runs.forEach((run, k) => samples[k]!.push(measure(iterations, run)));
  const [ne, nf, nb] = samples.map(median) as [number, number, number];
  const ns = (n: number): string => n.toFixed(0).padStart(7);
  console.log(
    `${name.padEnd(34)} exact ${ns(ne)} ns   float+strings ${ns(nf)} ns (ratio ${(ne / nf).toFixed(2)}×)   float numbers-only ${ns(nb)} ns (ratio ${(ne / nb).toFixed(2)}×)`,
  );
}

// Sanity: both implementations agree on the money for these inputs.
const exactBill = priceCarSession(tou, readings);
const floatBill = floatTou(readings);
console.log(
  `TOU 24 h: exact total ${exactBill.total} fen, float total ${Math.round(floatBill.total * 100)} fen, ${exactBill.lines.length} lines`,
);

console.log(`node ${process.version}, ${process.arch}; median of 7 rounds after warm-up`);
compare(
  'TOU 24 h session, 1,440 readings',
  2_000,
  () => priceCarSession(tou, readings),
  () => floatTou(readings),
);
compare(
  'FLAT quote (100,000 per round)',
  100_000,
  (i) => quoteCar(flat, { energyWh: 1_000 + (i % 90_000) }),
  (i) => floatFlat(1_000 + (i % 90_000)),
);
// The arithmetic alone: exact bigint amounts vs float amounts, both as line objects without strings.
const E = flat.pricing.mode === 'FLAT' ? flat.pricing.energy : undefined!;
const S = flat.pricing.mode === 'FLAT' ? flat.pricing.service : undefined!;
const exactAmounts: Run = (i) => {
  const energy = (1_000 + (i % 90_000)) as Wh;
  const a = roundToFen(priceEnergy(energy, E));
  const b = roundToFen(priceEnergy(energy, S));
  return {
    lines: [
      { kind: 'ENERGY', amount: a },
      { kind: 'SERVICE', amount: b },
    ],
    total: a + b,
  };
};
const floatAmounts: Run = (i) => {
  const kwh = (1_000 + (i % 90_000)) / 1000;
  const a = Math.round(kwh * 0.8523 * 100) / 100;
  const b = Math.round(kwh * 0.4 * 100) / 100;
  return {
    lines: [
      { kind: 'ENERGY', amount: a },
      { kind: 'SERVICE', amount: b },
    ],
    total: Math.round((a + b) * 100) / 100,
  };
};
compare('FLAT amounts only (no strings)', 100_000, exactAmounts, floatAmounts);
if (sink === 42) console.log('');

import type { CarTariffDefinition, EbikeTariffDefinition } from '@chargeflow/core';
import type { SimulatorSettingsInput } from '@chargeflow/adapters';

// The demo operator `npm start` seeds: one car station in Shanghai with a TOU tariff and two chargers,
// and one e-bike station with a four-socket box and a power-band tariff (`npm run demo -- --ebike`),
// all answered for by the in-process (or Kafka) simulator.

/** Fixed ids, so seeding is idempotent and the demo can find what it needs. */
export const DEMO_STATION = {
  id: 'demo-car-station',
  name: 'Demo car station (Pudong)',
  providerName: 'Demo charging operator',
  propertyName: 'Demo business park',
  timezone: 'Asia/Shanghai',
  address: '88 Century Avenue, Pudong, Shanghai',
  hotline: '400-000-0000',
} as const;

/** A demo charger: serial, power profile and connector numbers. */
export interface DemoCharger {
  readonly id: string;
  readonly serialNo: string;
  readonly name: string;
  readonly model: string;
  readonly ratedPowerW: number;
  readonly profile: 'ac7' | 'dc60' | 'ebike';
  readonly connectors: readonly string[];
  /** An e-bike box's per-socket maximum power, W (socket n: `socketPowerW[n - 1]`). */
  readonly socketPowerW?: readonly number[];
}

/** The two demo chargers: a 60 kW DC charger with two guns and a 7 kW AC post. */
export const DEMO_CHARGERS: readonly DemoCharger[] = [
  {
    id: 'demo-charger-dc01',
    serialNo: 'CF-DEMO-DC01',
    name: 'DC fast charger 1',
    model: 'SIM-DC60',
    ratedPowerW: 60_000,
    profile: 'dc60',
    connectors: ['1', '2'],
  },
  {
    id: 'demo-charger-ac01',
    serialNo: 'CF-DEMO-AC01',
    name: 'AC post 1',
    model: 'SIM-AC7',
    ratedPowerW: 7_000,
    profile: 'ac7',
    connectors: ['1'],
  },
];

/**
 * The demo TOU tariff (sharp/peak/flat/valley, a typical Chinese day). Saved long ago, so it is in
 * force at once (TAR-3: a version takes effect at 24:00 station time of the day it was saved).
 */
export const DEMO_TARIFF: CarTariffDefinition = {
  kind: 'CAR',
  id: 'T-DEMO-TOU',
  version: 1,
  savedAt: '2024-01-01T10:00:00+08:00',
  pricing: {
    mode: 'TOU',
    bands: [
      { band: 'SHARP', energyPrice: '1.20000', servicePrice: '0.60000' },
      { band: 'PEAK', energyPrice: '0.95000', servicePrice: '0.60000' },
      { band: 'FLAT', energyPrice: '0.65000', servicePrice: '0.50000' },
      { band: 'VALLEY', energyPrice: '0.30000', servicePrice: '0.40000' },
    ],
    periods: [
      { from: '23:00', to: '08:00', band: 'VALLEY' },
      { from: '08:00', to: '11:00', band: 'PEAK' },
      { from: '11:00', to: '13:00', band: 'FLAT' },
      { from: '13:00', to: '15:00', band: 'PEAK' },
      { from: '15:00', to: '17:00', band: 'FLAT' },
      { from: '17:00', to: '19:00', band: 'SHARP' },
      { from: '19:00', to: '21:00', band: 'PEAK' },
      { from: '21:00', to: '23:00', band: 'FLAT' },
    ],
  },
  prepayOptions: ['50', '100', '200'],
  // TAR-12 占位费: after 15 free minutes, 2.00 CNY per started 30 minutes standing without charging.
  occupancy: { graceMinutes: 15, unitMinutes: 30, unitPrice: '2.00' },
};

/**
 * The demo bays (ASSET-6, RES-1, TAR-12): two spaces with ground locks in front of the car chargers
 * (P-01 at the DC charger, P-02 at the AC post), both chargers taking reservations and charging the
 * occupancy fee, and one camera watching both (left P-01, right P-02). `npm run demo -- --reservation`
 * books P-01.
 */
export const DEMO_PARKING = {
  spaces: [
    { name: 'P-01', chargerSerial: 'CF-DEMO-DC01' },
    { name: 'P-02', chargerSerial: 'CF-DEMO-AC01' },
  ],
  camera: { serialNo: 'CF-DEMO-CAM01', ip: '10.0.0.21', name: 'Bay camera P-01 / P-02' },
} as const;

/** The demo e-bike station (ASSET-7): a campus in Shanghai; its default area holds the box. */
export const DEMO_EBIKE_STATION = {
  id: 'demo-ebike-station',
  name: 'Demo e-bike station (campus)',
  timezone: 'Asia/Shanghai',
  address: '800 Dongchuan Road, Minhang, Shanghai',
  hotline: '400-000-0000',
} as const;

/**
 * The demo e-bike box: four 220 V sockets, each with its own e-bike charger's draw (180, 350, 150,
 * 250 W), so the sessions fall in different power bands of the demo tariff.
 */
export const DEMO_EBIKE_BOX: DemoCharger = {
  id: 'demo-ebike-box01',
  serialNo: 'CF-DEMO-EB01',
  name: 'E-bike box 1',
  model: 'SIM-EB4',
  ratedPowerW: 1000,
  profile: 'ebike',
  connectors: ['1', '2', '3', '4'],
  socketPowerW: [180, 350, 150, 250],
};

/** Every simulated device of the local stack: the car chargers and the e-bike box. */
export const DEMO_DEVICES: readonly DemoCharger[] = [...DEMO_CHARGERS, DEMO_EBIKE_BOX];

/**
 * The demo e-bike tariff (TAR-7 POWER): per started 4 h by the session's highest power, 5 free
 * minutes, auto-stop at 12 h. Saved long ago, so in force at once (TAR-3).
 */
export const DEMO_EBIKE_TARIFF: EbikeTariffDefinition = {
  kind: 'EBIKE',
  id: 'T-DEMO-EBIKE',
  version: 1,
  savedAt: '2024-01-01T10:00:00+08:00',
  name: 'Campus power bands',
  freeMinutes: 5,
  autoStopMinutes: 720,
  pricing: {
    mode: 'POWER',
    unitMinutes: 240,
    bands: [
      { upToW: 200, unitPrice: '1.00' },
      { upToW: 400, unitPrice: '1.50' },
      { upToW: 1000, unitPrice: '2.00' },
    ],
  },
  prepayOptions: ['2', '5', '10'],
};

/**
 * How the demo chargers behave: `timeScale` × faster while charging (120: a simulated minute, one
 * meter sample, every half second of wall time), heartbeats every 5 simulated minutes.
 */
export function demoSimulatorSettings(charger: DemoCharger, timeScale: number): SimulatorSettingsInput {
  if (charger.profile === 'ebike') {
    // An e-bike battery (1 kWh from 20 %): hours at these powers, so the box does not stop by itself.
    return {
      profile: 'ebike',
      timeScale,
      sampleIntervalMs: 60_000,
      heartbeatIntervalMs: 300_000,
      batteryWh: 1000,
      initialSoc: 20,
      reportSocketStatus: true,
      ...(charger.socketPowerW === undefined
        ? {}
        : { sockets: charger.socketPowerW.map((maxPowerW) => ({ maxPowerW, rampMs: 5_000 })) }),
    };
  }
  return {
    profile: charger.profile,
    timeScale,
    sampleIntervalMs: 60_000,
    heartbeatIntervalMs: 300_000,
    batteryWh: 60_000,
    initialSoc: 20,
  };
}

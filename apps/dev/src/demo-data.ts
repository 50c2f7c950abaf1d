import type { CarTariffDefinition } from '@chargeflow/core';
import type { SimulatorSettingsInput } from '@chargeflow/adapters';

// The demo operator `npm start` seeds: one car station in Shanghai with a TOU tariff and two chargers
// that the in-process (or Kafka) simulator answers for.

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
  readonly profile: 'ac7' | 'dc60';
  readonly connectors: readonly string[];
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
};

/**
 * How the demo chargers behave: `timeScale` × faster while charging (120: a simulated minute, one
 * meter sample, every half second of wall time), heartbeats every 5 simulated minutes.
 */
export function demoSimulatorSettings(charger: DemoCharger, timeScale: number): SimulatorSettingsInput {
  return {
    profile: charger.profile,
    timeScale,
    sampleIntervalMs: 60_000,
    heartbeatIntervalMs: 300_000,
    batteryWh: 60_000,
    initialSoc: 20,
  };
}

import { z } from 'zod';

/**
 * Power profiles of the simulated charger: AC 7 kW (single phase), DC 60 kW, or an e-bike box
 * (220 V sockets, 300 W each unless `sockets` gives a socket its own curve; ASSET-7).
 */
export const CHARGER_PROFILES = {
  ac7: { maxPowerW: 7000, voltageV: 220, rampMs: 10_000 },
  dc60: { maxPowerW: 60_000, voltageV: 400, rampMs: 30_000 },
  ebike: { maxPowerW: 300, voltageV: 220, rampMs: 5_000 },
} as const;

/** Which power profile a simulated charger uses. */
export type ChargerProfileName = keyof typeof CHARGER_PROFILES;

const ms = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 3600_000);

/** One socket's power curve (see power-curve.ts): an e-bike charger's draw on that socket. */
export const SocketCurveSchema = z.object({
  maxPowerW: z.number().int().min(1).max(100_000),
  rampMs: ms.default(5_000),
  taperFromSoc: z.number().int().min(0).max(99).optional(),
  floorFraction: z.number().min(0).max(1).optional(),
});

/**
 * How a simulated charger behaves. Durations are SIMULATED milliseconds (device time); `timeScale`
 * maps them to wall time (60 → one simulated minute per real second).
 */
export const SimulatorSettingsSchema = z
  .object({
    profile: z.enum(['ac7', 'dc60', 'ebike']).default('ac7'),
    /** Usable battery of the simulated vehicle, Wh. */
    batteryWh: z.number().int().min(100).max(500_000).default(60_000),
    /** State of charge when a session starts, %. */
    initialSoc: z.number().int().min(0).max(100).default(20),
    /** The charger's lifetime energy register when the simulator boots, Wh. */
    initialMeterWh: z.number().int().min(0).default(1_000_000),
    sampleIntervalMs: ms.min(1).default(60_000),
    heartbeatIntervalMs: ms.min(1).default(300_000),
    timeScale: z.number().positive().max(1_000_000).default(1),
    /** Answer every START_CHARGING with START_REJECTED. */
    rejectStarts: z.boolean().default(false),
    rejectReason: z.string().min(1).max(200).default('connector unavailable'),
    /** Go silent this long after the first session starts … */
    silentAfterMs: ms.optional(),
    /** … for this long (periodic events are lost, replies are held back and sent on resume). */
    silentForMs: ms.optional(),
    /** Send every event this many times (same event id). */
    duplicate: z.number().int().min(1).max(10).default(1),
    /** Shuffle events within windows of this many (1 = in order). */
    reorderWindow: z.number().int().min(1).max(100).default(1),
    /** Stop by itself with AUTO_STOP when the battery is full. */
    stopWhenFull: z.boolean().default(true),
    /**
     * Per-socket power curves (an e-bike box): connector n charges on `sockets[n - 1]`; connectors
     * beyond the list, and every connector without it, on the profile's curve.
     */
    sockets: z.array(SocketCurveSchema).min(1).max(64).optional(),
    /** Report each connector's status (CONNECTOR_STATUS CHARGING at a start, AVAILABLE after a stop), as a box does. */
    reportSocketStatus: z.boolean().default(false),
  })
  .refine((s) => (s.silentAfterMs === undefined) === (s.silentForMs === undefined), {
    message: 'silentAfterMs and silentForMs go together',
    path: ['silentForMs'],
  });

/** Simulator settings as given (everything optional). */
export type SimulatorSettingsInput = z.input<typeof SimulatorSettingsSchema>;

/** Simulator settings with defaults applied. */
export type SimulatorSettings = z.output<typeof SimulatorSettingsSchema>;

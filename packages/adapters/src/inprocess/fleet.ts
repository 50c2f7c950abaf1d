// Simulated chargers living in the platform's own process: the pure ChargerSimulation (the same one
// the Kafka simulator runs) answering commands directly, its events handed to an in-process path.
import { randomUUID } from 'node:crypto';
import type { DeviceCommand, DeviceEvent } from '@chargeflow/core';
import { silentLogger, type AdapterLogger } from '../kafka/ports.js';
import { ChargerSimulation } from '../simulator/charger.js';
import { FaultPipeline, isSilent } from '../simulator/faults.js';
import {
  SimulatorSettingsSchema,
  type SimulatorSettings,
  type SimulatorSettingsInput,
} from '../simulator/settings.js';
import { SessionClock } from './session-clock.js';

/** One simulated charger of the fleet: its serial and how it behaves (`timeScale` included). */
export interface FleetCharger {
  readonly serialNo: string;
  readonly settings?: SimulatorSettingsInput;
}

/** What `InProcessChargerFleet` needs. */
export interface InProcessFleetOptions {
  readonly chargers: readonly FleetCharger[];
  /** Where the chargers' events go (e.g. `InProcessDeviceEventPath.publish`). */
  readonly emit: (serialNo: string, events: readonly DeviceEvent[]) => void;
  readonly logger?: AdapterLogger;
  readonly newId?: () => string;
  readonly random?: () => number;
  /** Wall clock, epoch ms (tests inject one). */
  readonly realNow?: () => number;
  /** How often periodic events (samples, heartbeats) are looked at, wall ms; default from the settings. */
  readonly tickMs?: number;
}

interface Member {
  readonly sim: ChargerSimulation;
  readonly faults: FaultPipeline;
  readonly clock: SessionClock;
  readonly settings: SimulatorSettings;
}

/**
 * A fleet of simulated chargers in this process. `handle(command)` is what a charger does on
 * receiving a command; periodic events (meter samples, heartbeats, AUTO_STOP) come from a timer.
 * Each charger's clock is a `SessionClock` (scaled while charging, back to wall time when idle),
 * and its outgoing events pass its fault pipeline (duplicates, reordering, silence) as in the
 * Kafka simulator. Call `start()` to run the timer and `stop()` to end it (held events are flushed).
 */
export class InProcessChargerFleet {
  private readonly members = new Map<string, Member>();
  private readonly logger: AdapterLogger;
  private readonly tickMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: InProcessFleetOptions) {
    this.logger = options.logger ?? silentLogger;
    const newId = options.newId ?? randomUUID;
    const random = options.random ?? Math.random;
    let fastest = 1000;
    for (const charger of options.chargers) {
      if (this.members.has(charger.serialNo)) throw new RangeError(`serial ${charger.serialNo} twice`);
      const settings = SimulatorSettingsSchema.parse(charger.settings ?? {});
      const clock = new SessionClock(settings.timeScale, options.realNow);
      this.members.set(charger.serialNo, {
        sim: new ChargerSimulation(charger.serialNo, settings, newId, clock.now(false)),
        faults: new FaultPipeline(settings, random),
        clock,
        settings,
      });
      fastest = Math.min(fastest, settings.sampleIntervalMs / settings.timeScale / 2);
    }
    this.tickMs = options.tickMs ?? Math.max(20, Math.min(1000, fastest));
  }

  /** The serials this fleet answers for. */
  get serials(): readonly string[] {
    return [...this.members.keys()];
  }

  /** True when a charger of this fleet has the serial. */
  has(serialNo: string): boolean {
    return this.members.has(serialNo);
  }

  /** Delivers a (validated) command to its charger; false when no charger of the fleet has the serial. */
  handle(command: DeviceCommand): boolean {
    const member = this.members.get(command.serialNo);
    if (member === undefined) return false;
    const now = member.clock.now(member.sim.charging > 0);
    this.send(command.serialNo, member, member.sim.handle(command, now), now);
    return true;
  }

  /** Emits the periodic events due by now on every charger (the timer calls it; tests may too). */
  tick(): void {
    for (const [serialNo, member] of this.members) {
      const now = member.clock.now(member.sim.charging > 0);
      this.send(serialNo, member, member.sim.advance(now), now);
    }
  }

  /** Starts the periodic timer (idempotent). */
  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.tickMs);
  }

  /** Stops the timer and flushes events a fault pipeline still holds. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    for (const [serialNo, member] of this.members) this.emit(serialNo, member.faults.flush());
  }

  private send(serialNo: string, member: Member, events: readonly DeviceEvent[], now: number): void {
    const silent = isSilent(member.settings, member.sim.firstStartAt, now);
    this.emit(serialNo, member.faults.push(events, silent));
  }

  private emit(serialNo: string, events: readonly DeviceEvent[]): void {
    if (events.length === 0) return;
    try {
      this.options.emit(serialNo, events);
    } catch (error) {
      this.logger.error({ serialNo, err: error }, 'simulated charger could not emit its events');
    }
  }
}

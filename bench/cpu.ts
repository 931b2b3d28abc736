import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; undefined where /proc is not readable. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) — utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Counts the CPU time each named process uses between `start()` and `stop()`: where the machine's two
 * cores went during a measurement (the bot, the database, Slack, the load generator, Redis).
 */
export class CpuMeter {
  private readonly before = new Map<string, number | undefined>();
  private startedAt = 0;

  constructor(private readonly pids: Readonly<Record<string, number | undefined>>) {}

  start(): void {
    this.startedAt = performance.now();
    for (const [name, pid] of Object.entries(this.pids)) this.before.set(name, pid ? cpuSeconds(pid) : undefined);
  }

  /** CPU seconds per process since `start()`, and the wall-clock seconds they are set against. */
  stop(): { wall_s: number; cpu_s: Record<string, number> } {
    const wall = (performance.now() - this.startedAt) / 1000;
    const used: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      const before = this.before.get(name);
      const after = pid ? cpuSeconds(pid) : undefined;
      if (before !== undefined && after !== undefined) used[name] = Math.round((after - before) * 100) / 100;
    }
    return { wall_s: Math.round(wall * 100) / 100, cpu_s: used };
  }
}

import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** Prints one measurement as one JSON line on stdout (progress goes to stderr). */
export function emit(measurement: string, fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ measurement, ...fields })}\n`);
}

/** The machine the figures were measured on. */
export function describeMachine() {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('model name'));
    if (line) cpuModel = line.split(':')[1]!.trim();
  } catch {
    // Not Linux: os.cpus() is as good as it gets.
  }
  return {
    cpu: cpuModel,
    cores: cpus().length,
    ram_gb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';

/** The parts of a V8 CPU profile (`.cpuprofile`) the summary reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where the CPU time of a profile went: by function and by package (or our own source folder). */
export interface ProfileSummary {
  file: string;
  totalMs: number;
  idleMs: number;
  gcMs: number;
  byPackage: Array<{ name: string; ms: number; share: number }>;
  topFunctions: Array<{ name: string; where: string; selfMs: number }>;
}

/** Starts and stops V8's sampling profiler in this process (no restart, no flag needed). */
export class CpuProfiler {
  private session: Session | undefined;

  async start(): Promise<void> {
    if (this.session) return;
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.session.post('Profiler.start');
  }

  /** Stops, writes the profile to `file` (open it in Chrome DevTools or speedscope) and summarises it. */
  async stop(file: string): Promise<ProfileSummary | undefined> {
    const session = this.session;
    if (!session) return undefined;
    this.session = undefined;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(file, JSON.stringify(profile));
    return summariseProfile(profile as unknown as CpuProfile, file);
  }
}

function packageOf(url: string): string {
  if (!url) return '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return 'node:internal';
  const ours = /\/(src|handlers|models|jobs|bench)\/(?:([^/]+)\/)?/.exec(url);
  if (ours) return ours[2] && !ours[2].includes('.') ? `${ours[1]}/${ours[2]}` : ours[1]!;
  return url;
}

/** Self time per function and per package, from a V8 CPU profile. */
export function summariseProfile(profile: CpuProfile, file: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let total = 0;
  let idle = 0;
  let gc = 0;
  const packages = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; selfMs: number }>();
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame;
    const ms = micros / 1000;
    total += ms;
    if (frame.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    if (frame.functionName === '(garbage collector)') gc += ms;
    const name = packageOf(frame.url);
    packages.set(name, (packages.get(name) ?? 0) + ms);
    const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules|src|handlers|models|jobs|bench)\//, '$1/')}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName}@${where}`;
    const entry = functions.get(key) ?? { name: frame.functionName || '(anonymous)', where, selfMs: 0 };
    entry.selfMs += ms;
    functions.set(key, entry);
  }
  const busy = total - idle;
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    file,
    totalMs: round(total),
    idleMs: round(idle),
    gcMs: round(gc),
    byPackage: [...packages]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, ms]) => ({ name, ms: round(ms), share: busy > 0 ? Math.round((ms / busy) * 1000) / 1000 : 0 })),
    topFunctions: [...functions.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, 20)
      .map((entry) => ({ ...entry, selfMs: round(entry.selfMs) })),
  };
}

/** Summaries of the profiles that `--cpu-prof` wrote into `dir` (`CPU.<date>.<pid>….cpuprofile`). */
export async function summariseProfilesIn(dir: string): Promise<ProfileSummary[]> {
  const files = (await readdir(dir)).filter((name) => name.startsWith('CPU.') && name.endsWith('.cpuprofile'));
  const summaries: ProfileSummary[] = [];
  for (const name of files) {
    const file = join(dir, name);
    summaries.push(summariseProfile(JSON.parse(await readFile(file, 'utf8')) as CpuProfile, file));
  }
  return summaries;
}

import { Queue } from 'bullmq';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { REMINDER_QUEUE } from '../jobs/reminders.js';
import { CpuMeter } from './cpu.js';
import { channelIdFor, closeAllIncidents, createIncidents } from './incidents.js';
import { MINIMAL_QUEUE, profilerOf, progress, workerOf, type BenchEnvironment, type Target } from './environment.js';
import { emit } from './report.js';
import { roundTripsPer, type RoundTripsPer } from './round-trips.js';
import { callsIn, median, percentile, ratio, round, roundGroups, sleep, versusMinimal } from './stats.js';

export interface ReminderSettings {
  /** Incidents (or bare jobs) falling due within the same second. */
  count: number;
  /** Measured runs per target, alternating bare, bot, minimal, minimal, bot, bare…, or paired. */
  runsPerTarget: number;
  /**
   * The bot's and the minimal's storms fall due in the same second, each in incidents of its own, so that whatever
   * else the machine does meanwhile weighs on both alike; their ratios are then the median of the runs' ratios.
   * (After the bare jobs' runs, alone.)
   */
  paired?: boolean;
  /** Runs of the bare jobs (context, not a figure with a goal) when fewer than `runsPerTarget`. */
  bareRuns?: number;
  /**
   * Reminders of an unmeasured burst before the first run of the bot and of the minimal equivalent: a process's
   * first reminders cost it up to half as much CPU again while their code is compiled, the bot more than the minimal.
   */
  warmupCount: number;
  /** How far ahead the due second is, so that creating and scheduling finish before it. */
  leadMs: number;
  /** How long after the due second to wait for the last reminder. */
  maxWaitMs: number;
  /** CPU-profiles the target from the due second until it is idle (the last arrival, for the bare worker). */
  profile: boolean;
}

export interface ReminderFigures {
  reminder_p99_lateness_ms: number;
  minimal_reminder_p99_lateness_ms: number;
  reminder_p99_vs_minimal: number | null;
  bare_reminder_p99_lateness_ms: number;
  reminder_p99_lateness_ratio: number | null;
  /** CPU of the process from the due second until its last reminder's work ended, per reminder. */
  cpu_ms_per_reminder: number;
  minimal_cpu_ms_per_reminder: number;
  cpu_per_reminder_vs_minimal: number | null;
  /** CPU of the MongoDB process over the same time, per reminder. */
  mongo_cpu_ms_per_reminder: number | undefined;
  minimal_mongo_cpu_ms_per_reminder: number | undefined;
  /** Counted in the processes over the bursts, per reminder. */
  mongo_commands_per_reminder: number;
  minimal_mongo_commands_per_reminder: number;
  slack_calls_per_reminder: number;
  minimal_slack_calls_per_reminder: number;
  redis_round_trips_per_reminder: number;
  minimal_redis_round_trips_per_reminder: number;
  reminders_lost: number;
  reminders_duplicated: number;
  minimal_reminders_lost: number;
  minimal_reminders_duplicated: number;
}

interface RunResult {
  latenessMs: number[];
  lost: number;
  duplicated: number;
  scheduleMs: number;
  /** Milliseconds between the end of scheduling and the due second (negative: scheduling overran). */
  slackMs: number;
  /** From the due second to the last arrival. */
  spanMs: number;
  /** CPU used by each process from the due second until the last reminder arrived. */
  cpu: ReturnType<CpuMeter['stop']>;
  /** …and until the target had no reminder job left to run (the card and the next step done too). */
  cpuToIdle?: ReturnType<CpuMeter['stop']>;
  /** Web API calls, and the operations the target counted, from the due second until it was idle. */
  slackCalls?: Record<string, number>;
  counted?: RoundTripsPer;
  /** The same operations in all. */
  mongoOperations?: number;
  redisRoundTrips?: number;
}

/** The targets that send reminders (the bare worker does nothing). */
type Worker = Exclude<Target, 'bare'>;
const TARGETS = ['bare', 'bot', 'minimal'] as const satisfies readonly Target[];

/** Due times spread evenly over one second starting at `base`. */
function dueTimes(base: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => base + Math.floor((i * 1000) / count));
}

function nextDueSecond(leadMs: number): number {
  return Math.ceil((Date.now() + leadMs) / 1000) * 1000;
}

/** Lateness of the first arrival of each key, and how many keys got none or more than one. */
function lateness(dues: Map<string, number>, arrivals: Record<string, number[]>) {
  const latenessMs: number[] = [];
  let lost = 0;
  let duplicated = 0;
  let last = 0;
  for (const [key, due] of dues) {
    const times = arrivals[key] ?? [];
    if (times.length === 0) {
      lost += 1;
      continue;
    }
    duplicated += times.length - 1;
    const first = Math.min(...times);
    latenessMs.push(first - due);
    last = Math.max(last, first);
  }
  return { latenessMs, lost, duplicated, last };
}

/**
 * Waits for the due second, then until `expected` arrived (or the deadline), metering CPU meanwhile and, when
 * asked, profiling the targets; then, when given their `idle` checks, until each target has no job left to run
 * (each target's own meter stops when it is idle).
 */
async function waitFor(
  env: BenchEnvironment,
  targets: readonly Target[],
  settings: ReminderSettings,
  expected: number,
  progressOf: () => Promise<number>,
  base: number,
  meter: CpuMeter,
  idle?: Partial<Record<Target, () => Promise<boolean>>>,
) {
  await sleep(Math.max(0, base - Date.now()));
  const toIdle = new Map(targets.map((target) => [target, new CpuMeter(env.pids)]));
  meter.start();
  for (const each of toIdle.values()) each.start();
  if (settings.profile) for (const target of targets) await profilerOf(env, target).start();
  const deadline = base + 1000 + settings.maxWaitMs;
  while ((await progressOf()) < expected && Date.now() < deadline) await sleep(100);
  const cpu = meter.stop();
  const cpuToIdle: Partial<Record<Target, ReturnType<CpuMeter['stop']>>> = {};
  if (idle) {
    const idleDeadline = Date.now() + 30_000;
    await Promise.all(
      targets.map(async (target) => {
        while (!(await idle[target]!()) && Date.now() < idleDeadline) await sleep(20);
        cpuToIdle[target] = toIdle.get(target)!.stop();
      }),
    );
  }
  for (const target of targets) {
    const file = join(env.outDir, `reminders-${target}-${base}.cpuprofile`);
    const profile = settings.profile ? await profilerOf(env, target).stop(file) : undefined;
    if (profile) emit('reminder_profile', { target, ...profile });
  }
  return { cpu, cpuToIdle };
}

/** A reader of the target's queue, read from this process: no job running or waiting to run (the next steps are delayed). */
function queueOf(env: BenchEnvironment, target: Worker) {
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
  const queue =
    target === 'bot'
      ? new Queue(REMINDER_QUEUE, { connection: redis, prefix: env.botPrefix })
      : new Queue(MINIMAL_QUEUE, { connection: redis, prefix: env.minimalPrefix });
  return {
    async idle() {
      const counts = await queue.getJobCounts('active', 'waiting', 'prioritized');
      return (counts.active ?? 0) + (counts.waiting ?? 0) + (counts.prioritized ?? 0) === 0;
    },
    async failed() {
      return (await queue.getJobCounts('failed')).failed ?? 0;
    },
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}

/**
 * The bot and its minimal equivalent (or one of them), at the same time: incidents stored directly, each
 * target's in channels of its own, their first reminders queued by the target itself (the bot through its own
 * scheduler) for the same due second, posts seen by Slack, operations counted in each target.
 */
async function runWorkers(
  env: BenchEnvironment,
  targets: readonly Worker[],
  settings: ReminderSettings,
  run: number,
  meter: CpuMeter,
): Promise<Record<Worker, RunResult & { failedJobs: number }>> {
  const base = nextDueSecond(settings.leadMs);
  const dues = dueTimes(base, settings.count);
  const channelsOf = Object.fromEntries(
    targets.map((target) => [target, dues.map((_, i) => channelIdFor(`${target === 'bot' ? 'R' : 'M'}${run}X`, i))]),
  ) as Record<Worker, string[]>;
  const allChannels = targets.flatMap((target) => channelsOf[target]);
  // Each incident has its pinned card, as a declared one does: the reminder brings it up to date too.
  const cards = await env.slack.call('addChannels', { channels: allChannels.map((id) => ({ id, name: id.toLowerCase() })), withCards: true });
  await env.slack.call('watch', { channels: allChannels });
  const scheduled: Partial<Record<Worker, { scheduled: number; ms: number }>> = {};
  for (const target of targets) {
    const channels = channelsOf[target];
    const incidents = await createIncidents({
      count: settings.count,
      teamId: `T${target.toUpperCase()}${run}`,
      channelPrefix: `${target === 'bot' ? 'R' : 'M'}${run}X`,
      dueAt: (i) => new Date(dues[i]!),
      cardTs: (i) => cards[channels[i]!]!,
    });
    scheduled[target] = await workerOf(env, target).call('schedule', { ids: incidents.map((incident) => String(incident._id)) });
    if (scheduled[target].scheduled !== settings.count) throw new Error(`the ${target} scheduled ${scheduled[target].scheduled} of ${settings.count} reminders`);
  }
  const slackMs = base - Date.now();
  await env.slack.call('takeCallCountsByChannel');
  const before = Object.fromEntries(await Promise.all(targets.map(async (target) => [target, await workerOf(env, target).call('roundTrips')] as const)));
  const queues = Object.fromEntries(targets.map((target) => [target, queueOf(env, target)])) as Record<Worker, ReturnType<typeof queueOf>>;
  try {
    const progressOf = async () => (await env.slack.call('watchProgress')).reached;
    const idle = Object.fromEntries(targets.map((target) => [target, () => queues[target].idle()]));
    const { cpu, cpuToIdle } = await waitFor(env, targets, settings, allChannels.length, progressOf, base, meter, idle);
    const callsByChannel = await env.slack.call('takeCallCountsByChannel');
    const after = Object.fromEntries(await Promise.all(targets.map(async (target) => [target, await workerOf(env, target).call('roundTrips')] as const)));
    // Anything sent twice would come right after the first: give it a moment to show up.
    await sleep(2_000);
    const arrivals = await env.slack.call('arrivals');
    const results: Partial<Record<Worker, RunResult & { failedJobs: number }>> = {};
    for (const target of targets) {
      const channels = channelsOf[target];
      const result = lateness(new Map(channels.map((id, i) => [id, dues[i]!])), arrivals);
      const slackCalls = callsIn(callsByChannel, new Set(channels));
      results[target] = {
        ...result,
        scheduleMs: scheduled[target]!.ms,
        slackMs,
        spanMs: result.last - base,
        cpu,
        cpuToIdle: cpuToIdle[target]!,
        slackCalls,
        counted: roundTripsPer(before[target]!, after[target]!, result.latenessMs.length),
        mongoOperations: after[target]!.mongo - before[target]!.mongo,
        redisRoundTrips: after[target]!.redisRoundTrips - before[target]!.redisRoundTrips,
        failedJobs: await queues[target].failed(),
      };
    }
    return results as Record<Worker, RunResult & { failedJobs: number }>;
  } finally {
    await Promise.all(targets.map((target) => queues[target].close()));
  }
}

/** The baseline: bare delayed jobs (same count, same due second) whose worker does nothing. */
async function runBare(env: BenchEnvironment, settings: ReminderSettings, run: number, meter: CpuMeter): Promise<RunResult> {
  const base = nextDueSecond(settings.leadMs);
  const jobs = dueTimes(base, settings.count).map((dueAt, i) => ({ id: `bare_${run}_${i}`, dueAt }));
  const scheduled = await env.bare.call('schedule', { jobs });
  const slackMs = base - Date.now();
  const { cpu } = await waitFor(env, ['bare'], settings, settings.count, () => env.bare.call('progress'), base, meter);
  await sleep(2_000);
  const result = lateness(new Map(jobs.map((job) => [job.id, job.dueAt])), await env.bare.call('arrivals'));
  return { ...result, scheduleMs: scheduled.ms, slackMs, spanMs: result.last - base, cpu };
}

/**
 * Reminder lateness when `count` promises fall due within the same second: from each due time to the
 * reminder reaching the Slack Web API, for the bot and its minimal equivalent, with the CPU and the
 * operations each reminder cost; beside bare BullMQ delayed jobs whose worker does nothing (context).
 */
export async function measureReminders(env: BenchEnvironment, settings: ReminderSettings): Promise<ReminderFigures> {
  await closeAllIncidents();
  const p99s: Record<Target, number[]> = { bare: [], bot: [], minimal: [] };
  const cpuMs: Record<Worker, number[]> = { bot: [], minimal: [] };
  const mongoCpuMs: Record<Worker, number[]> = { bot: [], minimal: [] };
  const totals: Record<Worker, { reminders: number; mongo: number; redis: number; slack: number }> = {
    bot: { reminders: 0, mongo: 0, redis: 0, slack: 0 },
    minimal: { reminders: 0, mongo: 0, redis: 0, slack: 0 },
  };
  const missing: Record<Target, number> = { bare: 0, bot: 0, minimal: 0 };
  const twice: Record<Target, number> = { bare: 0, bot: 0, minimal: 0 };
  const runs: Record<Target, number> = { bare: 0, bot: 0, minimal: 0 };
  const groups = roundGroups(TARGETS, settings.runsPerTarget, settings.bareRuns, settings.paired);
  const warmed = new Set<Target>();
  for (const group of groups) {
    const workers = group.filter((target): target is Worker => target !== 'bare');
    const cold = workers.filter((target) => !warmed.has(target));
    if (cold.length > 0 && settings.warmupCount > 0) {
      progress(`reminders ${cold.join(' and ')} warm-up: ${settings.warmupCount} due within one second${cold.length > 1 ? ' each' : ''}, not measured`);
      const warm = await runWorkers(env, cold, { ...settings, count: settings.warmupCount, leadMs: Math.min(settings.leadMs, 2_000), profile: false }, 0, new CpuMeter(env.pids));
      // Not measured, but a reminder lost or sent twice here counts like any other.
      for (const target of cold) {
        missing[target] += warm[target].lost;
        twice[target] += warm[target].duplicated;
      }
      await closeAllIncidents();
    }
    for (const target of workers) warmed.add(target);
    const numbers = Object.fromEntries(group.map((target) => [target, ++runs[target]])) as Partial<Record<Target, number>>;
    progress(
      `reminders ${group.map((target) => `${target} run ${numbers[target]}`).join(' with ')}: ${settings.count} due within one second${group.length > 1 ? ' each' : ''}, ` +
        `${settings.leadMs / 1000} s from now`,
    );
    const meter = new CpuMeter(env.pids);
    const results: Partial<Record<Target, RunResult & { failedJobs?: number }>> =
      workers.length > 0 ? await runWorkers(env, workers, settings, numbers[workers[0]!]!, meter) : { bare: await runBare(env, settings, numbers.bare!, meter) };
    for (const target of group) {
      const result = results[target]!;
      const run = numbers[target]!;
      const p99 = percentile(result.latenessMs, 99);
      p99s[target].push(p99);
      missing[target] += result.lost;
      twice[target] += result.duplicated;
      const received = result.latenessMs.length;
      /** CPU milliseconds of a process per reminder, from the due second until the target was idle. */
      const perReminder = (name: string) => {
        const seconds = result.cpuToIdle?.cpu_s[name];
        return seconds === undefined ? undefined : round((seconds * 1000) / Math.max(1, received), 3);
      };
      let work: Record<string, unknown> = {};
      if (target !== 'bare') {
        cpuMs[target].push(perReminder(target) ?? Number.NaN);
        // With two targets at once, MongoDB's CPU is theirs together: not one's.
        const mongo = workers.length === 1 ? perReminder('mongo') : undefined;
        if (mongo !== undefined) mongoCpuMs[target].push(mongo);
        totals[target].reminders += received;
        totals[target].mongo += result.mongoOperations ?? 0;
        totals[target].redis += result.redisRoundTrips ?? 0;
        totals[target].slack += Object.values(result.slackCalls ?? {}).reduce((sum, calls) => sum + calls, 0);
        work = {
          cpu_s_from_due_second_to_idle: result.cpuToIdle?.cpu_s,
          idle_after_due_second_s: result.cpuToIdle?.wall_s,
          cpu_ms_per_reminder: perReminder(target),
          mongo_cpu_ms_per_reminder: mongo,
          per_reminder: result.counted,
          slack_calls: result.slackCalls,
          failed_jobs: result.failedJobs,
        };
      }
      emit('reminder_run', {
        target,
        run,
        ...(group.length > 1 ? { together_with: group.filter((other) => other !== target) } : {}),
        count: settings.count,
        received,
        lost: result.lost,
        duplicated: result.duplicated,
        p50_lateness_ms: percentile(result.latenessMs, 50),
        p99_lateness_ms: p99,
        max_lateness_ms: percentile(result.latenessMs, 100),
        last_arrival_after_due_second_ms: result.spanMs,
        schedule_ms: round(result.scheduleMs, 1),
        scheduled_before_due_second_ms: result.slackMs,
        cpu_s_from_due_second: result.cpu.cpu_s,
        ...work,
      });
      if (result.slackMs < 0) progress(`warning: scheduling ended ${-result.slackMs} ms after the due second; raise the lead time`);
    }
    if (workers.length > 0) await closeAllIncidents();
  }
  const versus = (bots: number[], minimals: number[]) => versusMinimal(bots, minimals, settings.paired);
  const per = (target: Worker, what: 'mongo' | 'redis' | 'slack') => round(totals[target][what] / Math.max(1, totals[target].reminders), 2);
  const figures: ReminderFigures = {
    reminder_p99_lateness_ms: median(p99s.bot),
    minimal_reminder_p99_lateness_ms: median(p99s.minimal),
    reminder_p99_vs_minimal: versus(p99s.bot, p99s.minimal),
    bare_reminder_p99_lateness_ms: median(p99s.bare),
    reminder_p99_lateness_ratio: ratio(median(p99s.bot), median(p99s.bare)),
    cpu_ms_per_reminder: round(median(cpuMs.bot), 3),
    minimal_cpu_ms_per_reminder: round(median(cpuMs.minimal), 3),
    cpu_per_reminder_vs_minimal: versus(cpuMs.bot, cpuMs.minimal),
    mongo_cpu_ms_per_reminder: mongoCpuMs.bot.length ? round(median(mongoCpuMs.bot), 3) : undefined,
    minimal_mongo_cpu_ms_per_reminder: mongoCpuMs.minimal.length ? round(median(mongoCpuMs.minimal), 3) : undefined,
    mongo_commands_per_reminder: per('bot', 'mongo'),
    minimal_mongo_commands_per_reminder: per('minimal', 'mongo'),
    slack_calls_per_reminder: per('bot', 'slack'),
    minimal_slack_calls_per_reminder: per('minimal', 'slack'),
    redis_round_trips_per_reminder: per('bot', 'redis'),
    minimal_redis_round_trips_per_reminder: per('minimal', 'redis'),
    reminders_lost: missing.bot,
    reminders_duplicated: twice.bot,
    minimal_reminders_lost: missing.minimal,
    minimal_reminders_duplicated: twice.minimal,
  };
  emit('reminders', {
    ...figures,
    bot_p99s_ms: p99s.bot,
    minimal_p99s_ms: p99s.minimal,
    bare_p99s_ms: p99s.bare,
    bot_cpu_ms_per_reminder_runs: cpuMs.bot,
    minimal_cpu_ms_per_reminder_runs: cpuMs.minimal,
    bare_lost: missing.bare,
    bare_duplicated: twice.bare,
  });
  return figures;
}

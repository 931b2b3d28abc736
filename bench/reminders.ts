import { Queue } from 'bullmq';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { REMINDER_QUEUE } from '../jobs/reminders.js';
import { CpuMeter } from './cpu.js';
import { channelIdFor, closeAllIncidents, createIncidents } from './incidents.js';
import { MINIMAL_QUEUE, profilerOf, progress, workerOf, type BenchEnvironment, type Target } from './environment.js';
import { emit } from './report.js';
import { roundTripsPer, type RoundTripsPer } from './round-trips.js';
import { alternatingTargets, median, percentile, ratio, round, sleep } from './stats.js';

export interface ReminderSettings {
  /** Incidents (or bare jobs) falling due within the same second. */
  count: number;
  /** Measured runs per target, alternating bare, bot, minimal, minimal, bot, bare… */
  runsPerTarget: number;
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
 * Waits for the due second, then until `count` arrived (or the deadline), metering CPU meanwhile and,
 * when asked, profiling the target; then, when given `idle`, until the target has no job left to run.
 */
async function waitFor(
  env: BenchEnvironment,
  target: Target,
  settings: ReminderSettings,
  progressOf: () => Promise<number>,
  base: number,
  meter: CpuMeter,
  idle?: () => Promise<boolean>,
) {
  await sleep(Math.max(0, base - Date.now()));
  const toIdle = new CpuMeter(env.pids);
  meter.start();
  toIdle.start();
  if (settings.profile) await profilerOf(env, target).start();
  const deadline = base + 1000 + settings.maxWaitMs;
  while ((await progressOf()) < settings.count && Date.now() < deadline) await sleep(100);
  const cpu = meter.stop();
  if (idle) {
    const idleDeadline = Date.now() + 30_000;
    while (!(await idle()) && Date.now() < idleDeadline) await sleep(20);
  }
  const cpuToIdle = toIdle.stop();
  const file = join(env.outDir, `reminders-${target}-${base}.cpuprofile`);
  const profile = settings.profile ? await profilerOf(env, target).stop(file) : undefined;
  if (profile) emit('reminder_profile', { target, ...profile });
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
 * The bot or its minimal equivalent: incidents stored directly, their first reminders queued by the target
 * itself (the bot through its own scheduler), posts seen by Slack, operations counted in the target.
 */
async function runWorker(env: BenchEnvironment, target: Worker, settings: ReminderSettings, run: number, meter: CpuMeter): Promise<RunResult & { failedJobs: number }> {
  const base = nextDueSecond(settings.leadMs);
  const dues = dueTimes(base, settings.count);
  const prefix = `${target === 'bot' ? 'R' : 'M'}${run}X`;
  const channels = dues.map((_, i) => channelIdFor(prefix, i));
  // Each incident has its pinned card, as a declared one does: the reminder brings it up to date too.
  const cards = await env.slack.call('addChannels', { channels: channels.map((id) => ({ id, name: id.toLowerCase() })), withCards: true });
  await env.slack.call('watch', { channels });
  const incidents = await createIncidents({
    count: settings.count,
    teamId: `T${target.toUpperCase()}${run}`,
    channelPrefix: prefix,
    dueAt: (i) => new Date(dues[i]!),
    cardTs: (i) => cards[channels[i]!]!,
  });
  const child = workerOf(env, target);
  const scheduled = await child.call('schedule', { ids: incidents.map((incident) => String(incident._id)) });
  const slackMs = base - Date.now();
  if (scheduled.scheduled !== settings.count) throw new Error(`the ${target} scheduled ${scheduled.scheduled} of ${settings.count} reminders`);
  await env.slack.call('takeCallCounts');
  const before = await child.call('roundTrips');
  const queue = queueOf(env, target);
  try {
    const progressOf = async () => (await env.slack.call('watchProgress')).reached;
    const { cpu, cpuToIdle } = await waitFor(env, target, settings, progressOf, base, meter, () => queue.idle());
    const slackCalls = await env.slack.call('takeCallCounts');
    const after = await child.call('roundTrips');
    // Anything sent twice would come right after the first: give it a moment to show up.
    await sleep(2_000);
    const result = lateness(new Map(channels.map((id, i) => [id, dues[i]!])), await env.slack.call('arrivals'));
    const counted = roundTripsPer(before, after, result.latenessMs.length);
    const failedJobs = await queue.failed();
    return {
      ...result,
      scheduleMs: scheduled.ms,
      slackMs,
      spanMs: result.last - base,
      cpu,
      cpuToIdle,
      slackCalls,
      counted,
      mongoOperations: after.mongo - before.mongo,
      redisRoundTrips: after.redisRoundTrips - before.redisRoundTrips,
      failedJobs,
    };
  } finally {
    await queue.close();
  }
}

/** The baseline: bare delayed jobs (same count, same due second) whose worker does nothing. */
async function runBare(env: BenchEnvironment, settings: ReminderSettings, run: number, meter: CpuMeter): Promise<RunResult> {
  const base = nextDueSecond(settings.leadMs);
  const jobs = dueTimes(base, settings.count).map((dueAt, i) => ({ id: `bare_${run}_${i}`, dueAt }));
  const scheduled = await env.bare.call('schedule', { jobs });
  const slackMs = base - Date.now();
  const { cpu } = await waitFor(env, 'bare', settings, () => env.bare.call('progress'), base, meter);
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
  let bareLeft = settings.bareRuns ?? settings.runsPerTarget;
  for (const target of alternatingTargets(settings.runsPerTarget, TARGETS).filter((target) => target !== 'bare' || bareLeft-- > 0)) {
    const run = ++runs[target];
    if (target !== 'bare' && run === 1 && settings.warmupCount > 0) {
      progress(`reminders ${target} warm-up: ${settings.warmupCount} due within one second, not measured`);
      const warm = await runWorker(env, target, { ...settings, count: settings.warmupCount, leadMs: Math.min(settings.leadMs, 2_000), profile: false }, 0, new CpuMeter(env.pids));
      // Not measured, but a reminder lost or sent twice here counts like any other.
      missing[target] += warm.lost;
      twice[target] += warm.duplicated;
      await closeAllIncidents();
    }
    progress(`reminders ${target} run ${run}: ${settings.count} due within one second, ${settings.leadMs / 1000} s from now`);
    const meter = new CpuMeter(env.pids);
    const result = target === 'bare' ? await runBare(env, settings, run, meter) : await runWorker(env, target, settings, run, meter);
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
    if (target !== 'bare' && 'failedJobs' in result) {
      cpuMs[target].push(perReminder(target) ?? Number.NaN);
      const mongo = perReminder('mongo');
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
    if (target !== 'bare') await closeAllIncidents();
  }
  const per = (target: Worker, what: 'mongo' | 'redis' | 'slack') => round(totals[target][what] / Math.max(1, totals[target].reminders), 2);
  const figures: ReminderFigures = {
    reminder_p99_lateness_ms: median(p99s.bot),
    minimal_reminder_p99_lateness_ms: median(p99s.minimal),
    reminder_p99_vs_minimal: ratio(median(p99s.bot), median(p99s.minimal)),
    bare_reminder_p99_lateness_ms: median(p99s.bare),
    reminder_p99_lateness_ratio: ratio(median(p99s.bot), median(p99s.bare)),
    cpu_ms_per_reminder: round(median(cpuMs.bot), 3),
    minimal_cpu_ms_per_reminder: round(median(cpuMs.minimal), 3),
    cpu_per_reminder_vs_minimal: ratio(median(cpuMs.bot), median(cpuMs.minimal)),
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

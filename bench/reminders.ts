import { Queue } from 'bullmq';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { REMINDER_QUEUE } from '../jobs/reminders.js';
import { CpuMeter } from './cpu.js';
import { channelIdFor, closeAllIncidents, createIncidents } from './incidents.js';
import { profilerOf, progress, type BenchEnvironment } from './environment.js';
import { emit } from './report.js';
import { alternatingTargets, median, percentile, ratio, round, sleep } from './stats.js';

export interface ReminderSettings {
  /** Incidents (or bare jobs) falling due within the same second. */
  count: number;
  /** Measured runs per target, alternating bare, bot, bot, bare… */
  runsPerTarget: number;
  /** How far ahead the due second is, so that creating and scheduling finish before it. */
  leadMs: number;
  /** How long after the due second to wait for the last reminder. */
  maxWaitMs: number;
  /** CPU-profiles the bot and the bare worker from the due second to the last arrival. */
  profile: boolean;
}

export interface ReminderFigures {
  reminder_p99_lateness_ms: number;
  bare_reminder_p99_lateness_ms: number;
  reminder_p99_lateness_ratio: number | null;
  reminders_lost: number;
  reminders_duplicated: number;
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
}

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
 * when asked, profiling the target.
 */
async function waitFor(
  env: BenchEnvironment,
  target: 'bot' | 'bare',
  settings: ReminderSettings,
  progressOf: () => Promise<number>,
  base: number,
  meter: CpuMeter,
) {
  await sleep(Math.max(0, base - Date.now()));
  meter.start();
  if (settings.profile) await profilerOf(env, target).start();
  const deadline = base + 1000 + settings.maxWaitMs;
  while ((await progressOf()) < settings.count && Date.now() < deadline) await sleep(100);
  const cpu = meter.stop();
  const file = join(env.outDir, `reminders-${target}-${base}.cpuprofile`);
  const profile = settings.profile ? await profilerOf(env, target).stop(file) : undefined;
  if (profile) emit('reminder_profile', { target, ...profile });
  return cpu;
}

/** The bot: incidents stored directly, reminders scheduled by the bot's own scheduler, posts seen by Slack. */
async function runBot(env: BenchEnvironment, settings: ReminderSettings, run: number, meter: CpuMeter): Promise<RunResult> {
  const base = nextDueSecond(settings.leadMs);
  const dues = dueTimes(base, settings.count);
  const prefix = `R${run}X`;
  const channels = dues.map((_, i) => channelIdFor(prefix, i));
  // Each incident has its pinned card, as a declared one does: the reminder brings it up to date too.
  const cards = await env.slack.call('addChannels', { channels: channels.map((id) => ({ id, name: id.toLowerCase() })), withCards: true });
  await env.slack.call('watch', { channels });
  const incidents = await createIncidents({
    count: settings.count,
    teamId: `TREMIND${run}`,
    channelPrefix: prefix,
    dueAt: (i) => new Date(dues[i]!),
    cardTs: (i) => cards[channels[i]!]!,
  });
  const scheduled = await env.bot.call('schedule', { ids: incidents.map((incident) => String(incident._id)) });
  const slackMs = base - Date.now();
  if (scheduled.scheduled !== settings.count) throw new Error(`the bot scheduled ${scheduled.scheduled} of ${settings.count} reminders`);
  const cpu = await waitFor(env, 'bot', settings, async () => (await env.slack.call('watchProgress')).reached, base, meter);
  // Anything sent twice would come right after the first: give it a moment to show up.
  await sleep(2_000);
  const result = lateness(new Map(channels.map((id, i) => [id, dues[i]!])), await env.slack.call('arrivals'));
  return { ...result, scheduleMs: scheduled.ms, slackMs, spanMs: result.last - base, cpu };
}

/** The baseline: bare delayed jobs (same count, same due second) whose worker does nothing. */
async function runBare(env: BenchEnvironment, settings: ReminderSettings, run: number, meter: CpuMeter): Promise<RunResult> {
  const base = nextDueSecond(settings.leadMs);
  const jobs = dueTimes(base, settings.count).map((dueAt, i) => ({ id: `bare_${run}_${i}`, dueAt }));
  const scheduled = await env.bare.call('schedule', { jobs });
  const slackMs = base - Date.now();
  const cpu = await waitFor(env, 'bare', settings, () => env.bare.call('progress'), base, meter);
  await sleep(2_000);
  const result = lateness(new Map(jobs.map((job) => [job.id, job.dueAt])), await env.bare.call('arrivals'));
  return { ...result, scheduleMs: scheduled.ms, slackMs, spanMs: result.last - base, cpu };
}

/**
 * Reminder lateness when `count` promises fall due within the same second: from each due time to the
 * reminder reaching the Slack Web API, beside bare BullMQ delayed jobs whose worker does nothing.
 */
export async function measureReminders(env: BenchEnvironment, settings: ReminderSettings): Promise<ReminderFigures> {
  await closeAllIncidents();
  const p99s: Record<'bare' | 'bot', number[]> = { bare: [], bot: [] };
  const missing: Record<'bare' | 'bot', number> = { bare: 0, bot: 0 };
  const twice: Record<'bare' | 'bot', number> = { bare: 0, bot: 0 };
  const runs: Record<'bare' | 'bot', number> = { bare: 0, bot: 0 };
  for (const target of alternatingTargets(settings.runsPerTarget)) {
    const run = ++runs[target];
    progress(`reminders ${target} run ${run}: ${settings.count} due within one second, ${settings.leadMs / 1000} s from now`);
    const meter = new CpuMeter(env.pids);
    const result = target === 'bot' ? await runBot(env, settings, run, meter) : await runBare(env, settings, run, meter);
    const p99 = percentile(result.latenessMs, 99);
    p99s[target].push(p99);
    missing[target] += result.lost;
    twice[target] += result.duplicated;
    emit('reminder_run', {
      target,
      run,
      count: settings.count,
      received: result.latenessMs.length,
      lost: result.lost,
      duplicated: result.duplicated,
      p50_lateness_ms: percentile(result.latenessMs, 50),
      p99_lateness_ms: p99,
      max_lateness_ms: percentile(result.latenessMs, 100),
      last_arrival_after_due_second_ms: result.spanMs,
      schedule_ms: round(result.scheduleMs, 1),
      scheduled_before_due_second_ms: result.slackMs,
      cpu_s_from_due_second: result.cpu.cpu_s,
      ...(target === 'bot' ? { failed_jobs: await failedJobs(env) } : {}),
    });
    if (result.slackMs < 0) progress(`warning: scheduling ended ${-result.slackMs} ms after the due second; raise the lead time`);
    if (target === 'bot') await closeAllIncidents();
  }
  const figures: ReminderFigures = {
    reminder_p99_lateness_ms: median(p99s.bot),
    bare_reminder_p99_lateness_ms: median(p99s.bare),
    reminder_p99_lateness_ratio: ratio(median(p99s.bot), median(p99s.bare)),
    reminders_lost: missing.bot,
    reminders_duplicated: twice.bot,
  };
  emit('reminders', { ...figures, bot_p99s_ms: p99s.bot, bare_p99s_ms: p99s.bare, bare_lost: missing.bare, bare_duplicated: twice.bare });
  return figures;
}

async function failedJobs(env: BenchEnvironment): Promise<number> {
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(REMINDER_QUEUE, { connection: redis, prefix: env.botPrefix });
  try {
    return (await queue.getJobCounts('failed')).failed ?? 0;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

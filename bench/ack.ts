import { join } from 'node:path';
import { IncidentModel, type Incident } from '../models/incident.js';
import { TimelineEntryModel } from '../models/timeline-entry.js';
import { runLoad, signedCommand, UpdateCommands, type CommandSetup, type LoadResult } from './commands.js';
import { CpuMeter } from './cpu.js';
import { profilerOf, progress, type BenchEnvironment } from './environment.js';
import type { ProfileSummary } from './profiler.js';
import { emit } from './report.js';
import { alternatingTargets, median, percentile, ratio, round, sleep } from './stats.js';

/** One way of loading the targets: how many requests each client sends, for how long, how often. */
export interface LoadPattern {
  /** Requests per second from each client; unset = as fast as the target answers (closed loop). */
  ratePerClient?: number;
  warmupSec: number;
  durationSec: number;
  /** Measured rounds per target; the order is bare, bot, bot, bare, bare, bot… so drift hits both alike. */
  roundsPerTarget: number;
}

export interface AckSettings {
  connections: number;
  /** Incidents (channels) the updates are spread over. */
  incidents: number;
  /** The measured figure: every client sends a command each second, all at once. */
  paced: LoadPattern;
  /** The same clients as fast as the target answers: throughput and latency at saturation. */
  saturated: LoadPattern;
  profile: boolean;
}

export interface AckFigures {
  ack_p99_ms: number;
  bare_ack_p99_ms: number;
  ack_p99_ratio: number | null;
  /** p99 of the paced rounds leaving out the first second, when the 50 connections are being opened. */
  ack_p99_ms_after_first_second: number;
  bare_ack_p99_ms_after_first_second: number;
  ack_saturated_p99_ms: number;
  bare_ack_saturated_p99_ms: number;
  ack_saturated_p99_ratio: number | null;
  ack_saturated_rps: number;
  bare_ack_saturated_rps: number;
  lost_updates: number;
  duplicated_updates: number;
  acknowledged_updates: number;
  rss_mb: number;
}

const PEOPLE = [
  { id: 'U0ALICE', name: 'alice' },
  { id: 'U0BOB', name: 'bob' },
  { id: 'U0CAROL', name: 'carol' },
  { id: 'U0DAVE', name: 'dave' },
];

/** Declares the load's incidents through the bot itself (signed `/incident declare`), as people would. */
async function declareIncidents(env: BenchEnvironment, count: number, responseUrlBase: string): Promise<Incident[]> {
  const titles = Array.from({ length: count }, (_, i) => `Bench load ${env.runId} ${i + 1}`);
  const botUrl = String(env.bot.info.url);
  for (const [i, title] of titles.entries()) {
    const command = signedCommand(
      { signingSecret: env.signingSecret, teamId: env.slackInfo.teamId, responseUrlBase },
      { text: `declare ${title} --sev 2`, channel: 'C0GENERAL', user: PEOPLE[0]!, sequence: i },
    );
    const response = await fetch(`${botUrl}/slack/events`, { method: 'POST', headers: command.headers, body: command.body });
    if (response.status !== 200) throw new Error(`declare was refused: HTTP ${response.status} ${await response.text()}`);
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    const incidents = await IncidentModel.find({ title: { $in: titles } }).lean<Incident[]>();
    if (incidents.length === count && incidents.every((incident) => incident.card)) return incidents;
    if (Date.now() > deadline) throw new Error(`only ${incidents.length} of ${count} incidents were declared within 60 s`);
    await sleep(200);
  }
}

async function drainBot(env: BenchEnvironment): Promise<number> {
  const drained = await env.bot.call('drain', { timeoutMs: 600_000 });
  if (!drained.drained) throw new Error(`the bot still had ${drained.pending} pieces of work after 10 minutes`);
  return drained.ms;
}

function describeRound(target: string, roundNumber: number, load: LoadResult) {
  const { result } = load;
  return {
    target,
    round: roundNumber,
    duration_s: result.duration,
    requests: result.requests.total,
    requests_per_s: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    p99_9_ms: result.latency.p99_9,
    max_ms: result.latency.max,
    p99_ms_unrounded: round(percentile(load.responseTimes, 99), 2),
    p99_ms_after_first_second: round(percentile(load.steadyResponseTimes, 99), 2),
    acknowledged: load.acknowledged.length,
    other_responses: load.otherResponses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * Acknowledgement latency of signed `/incident update` commands at N concurrent clients, paced (each
 * client one command a second, all at once: the measured figure) and saturated (as fast as answered):
 * the bot and the bare app in alternating rounds, each after a warm-up, with the bot's backlog drained
 * between rounds so neither inherits the other's work. Then the bot's memory is read and the updates it
 * acknowledged are looked up in MongoDB (lost / duplicated).
 */
export async function measureAcks(env: BenchEnvironment, settings: AckSettings): Promise<AckFigures> {
  const responseUrlBase = env.slackInfo.apiUrl.replace(/\/api\/$/, '');
  progress(`declaring ${settings.incidents} incidents through the bot`);
  const incidents = await declareIncidents(env, settings.incidents, responseUrlBase);
  const setup: CommandSetup = {
    signingSecret: env.signingSecret,
    teamId: env.slackInfo.teamId,
    responseUrlBase,
    channels: incidents.map((incident) => incident.channelId),
    users: PEOPLE,
  };
  const commands = new UpdateCommands(setup, env.runId);
  const acknowledgedByBot: string[] = [];
  await drainBot(env);
  await env.slack.call('takeCallCounts');

  const paced = await runRounds(env, commands, settings, 'paced', acknowledgedByBot);
  const saturated = await runRounds(env, commands, settings, 'saturated', acknowledgedByBot);

  // Resident memory as the load left it; then the heap a full collection keeps (a leak would show there).
  const memory = await env.bot.call('stats');
  const rss = memory.rss;
  const collected = await env.bot.call('stats', { afterGc: true });
  const lost = await countLostUpdates(incidents, acknowledgedByBot);
  const figures: AckFigures = {
    ack_p99_ms: median(paced.bot.p99s),
    bare_ack_p99_ms: median(paced.bare.p99s),
    ack_p99_ratio: ratio(median(paced.bot.p99s), median(paced.bare.p99s)),
    ack_p99_ms_after_first_second: round(median(paced.bot.steadyP99s), 2),
    bare_ack_p99_ms_after_first_second: round(median(paced.bare.steadyP99s), 2),
    ack_saturated_p99_ms: median(saturated.bot.p99s),
    bare_ack_saturated_p99_ms: median(saturated.bare.p99s),
    ack_saturated_p99_ratio: ratio(median(saturated.bot.p99s), median(saturated.bare.p99s)),
    ack_saturated_rps: round(median(saturated.bot.rps), 1),
    bare_ack_saturated_rps: round(median(saturated.bare.rps), 1),
    lost_updates: lost.lost,
    duplicated_updates: lost.duplicated,
    acknowledged_updates: acknowledgedByBot.length,
    rss_mb: round(rss / 1024 / 1024, 1),
  };
  emit('ack', {
    ...figures,
    paced_bot_p99s_ms: paced.bot.p99s,
    paced_bare_p99s_ms: paced.bare.p99s,
    saturated_bot_p99s_ms: saturated.bot.p99s,
    saturated_bare_p99s_ms: saturated.bare.p99s,
    bot_heap_used_mb: round(memory.heapUsed / 1024 / 1024, 1),
    bot_heap_after_gc_mb: collected.heapAfterGc === undefined ? undefined : round(collected.heapAfterGc / 1024 / 1024, 1),
    stored_updates: lost.stored,
    stored_but_not_acknowledged: lost.unacknowledged,
  });
  return figures;
}

type Target = 'bare' | 'bot';

/**
 * Alternating rounds of one load pattern against the bare app and the bot: each a warm-up, then the
 * measured run (CPU of every process metered, optionally the target profiled), then — for the bot —
 * its backlog of acknowledged work drained, so the next round starts from rest.
 */
async function runRounds(
  env: BenchEnvironment,
  commands: UpdateCommands,
  settings: AckSettings,
  mode: 'paced' | 'saturated',
  acknowledgedByBot: string[],
): Promise<Record<Target, { p99s: number[]; steadyP99s: number[]; rps: number[] }>> {
  const pattern = settings[mode];
  const targets = { bare: String(env.bare.info.url), bot: String(env.bot.info.url) } as const;
  const results: Record<Target, { p99s: number[]; steadyP99s: number[]; rps: number[] }> = {
    bare: { p99s: [], steadyP99s: [], rps: [] },
    bot: { p99s: [], steadyP99s: [], rps: [] },
  };
  const rounds: Record<Target, number> = { bare: 0, bot: 0 };
  const load = {
    connections: settings.connections,
    ...(pattern.ratePerClient ? { connectionRate: pattern.ratePerClient } : {}),
  };
  for (const target of alternatingTargets(pattern.roundsPerTarget)) {
    const number = ++rounds[target];
    const rate = pattern.ratePerClient ? `${pattern.ratePerClient}/s each` : 'as fast as answered';
    progress(`ack ${mode} ${target} round ${number}: ${settings.connections} clients, ${rate}; ${pattern.warmupSec} s warm-up, ${pattern.durationSec} s measured`);
    const warm = await runLoad(targets[target], commands, { ...load, durationSec: pattern.warmupSec, round: `${mode[0]}${target}${number}w` });
    if (target === 'bot') {
      acknowledgedByBot.push(...warm.acknowledged);
      await drainBot(env);
      await env.slack.call('takeCallCounts');
    }
    const meter = new CpuMeter(env.pids);
    meter.start();
    if (settings.profile) await profilerOf(env, target).start();
    const measured = await runLoad(targets[target], commands, { ...load, durationSec: pattern.durationSec, round: `${mode[0]}${target}${number}m` });
    const file = join(env.outDir, `ack-${mode}-${target}-${number}.cpuprofile`);
    let profile: ProfileSummary | undefined | null;
    if (settings.profile) profile = await profilerOf(env, target).stop(file);
    const cpu = meter.stop();
    let drainMs: number | undefined;
    let drainCpu: ReturnType<CpuMeter['stop']> | undefined;
    if (target === 'bot') {
      acknowledgedByBot.push(...measured.acknowledged);
      meter.start();
      drainMs = await drainBot(env);
      drainCpu = meter.stop();
    }
    results[target].p99s.push(measured.result.latency.p99);
    results[target].steadyP99s.push(percentile(measured.steadyResponseTimes, 99));
    results[target].rps.push(measured.result.requests.average);
    emit('ack_round', {
      mode,
      ...describeRound(target, number, measured),
      connections: settings.connections,
      rate_per_client: pattern.ratePerClient ?? 'unlimited',
      cpu_s: cpu.cpu_s,
      backlog_drain_ms: drainMs === undefined ? undefined : round(drainMs, 1),
      backlog_drain_cpu_s: drainCpu?.cpu_s,
      slack_calls: target === 'bot' ? await env.slack.call('takeCallCounts') : undefined,
    });
    if (profile) emit('ack_profile', { mode, target, round: number, ...profile });
  }
  return results;
}

/** Acknowledged update texts with no `update` entry in MongoDB, and texts stored more than once. */
async function countLostUpdates(incidents: Incident[], acknowledged: string[]) {
  const entries = await TimelineEntryModel.find({ incidentId: { $in: incidents.map((incident) => incident._id) }, kind: 'update' })
    .select({ text: 1 })
    .lean<Array<{ text: string }>>();
  const stored = new Map<string, number>();
  for (const entry of entries) stored.set(entry.text, (stored.get(entry.text) ?? 0) + 1);
  const wanted = new Set(acknowledged);
  let lost = 0;
  for (const text of wanted) if (!stored.has(text)) lost += 1;
  let duplicated = 0;
  let unacknowledged = 0;
  for (const [text, count] of stored) {
    duplicated += count - 1;
    if (!wanted.has(text)) unacknowledged += 1;
  }
  return { lost, duplicated, stored: entries.length, unacknowledged };
}

import { join } from 'node:path';
import { IncidentModel, type Incident } from '../models/incident.js';
import { TimelineEntryModel } from '../models/timeline-entry.js';
import { runLoad, signedCommand, UpdateCommands, type LoadResult } from './commands.js';
import { CpuMeter } from './cpu.js';
import { profilerOf, progress, workerOf, type BenchEnvironment, type Target } from './environment.js';
import type { ProfileSummary } from './profiler.js';
import { emit } from './report.js';
import { roundTripsPer, type RoundTripCounts } from './round-trips.js';
import { callsIn, median, percentile, ratio, round, roundGroups, sleep, versusMinimal } from './stats.js';

/** One way of loading the targets: how many requests each client sends, for how long, how often. */
export interface LoadPattern {
  /** Requests per second from each client; unset = as fast as the target answers (closed loop). */
  ratePerClient?: number;
  /** Seconds of load before each measured round; 0 for none (the processes are warm from earlier rounds). */
  warmupSec: number;
  /**
   * Seconds of load instead before a round of the bot or the minimal equivalent that follows another target's
   * round (or is its first): a process's first seconds of load after a minute at rest cost it up to half as
   * much CPU again, the bot more than the minimal; the measured figures are for a process under load (the
   * difference is reported in BENCHMARKS.md).
   */
  resumeWarmupSec?: number;
  durationSec: number;
  /** Measured rounds per target; the order is bare, bot, minimal, minimal, bot, bare… so drift hits all alike. */
  roundsPerTarget: number;
  /** Rounds of the bare app (context, not a figure with a goal) when fewer than `roundsPerTarget`. */
  bareRounds?: number;
  /**
   * The bot and the minimal equivalent loaded at the same time, each by its own clients in its own incidents, so
   * that whatever else the machine does meanwhile weighs on both alike; their ratios are then the median of the
   * rounds' ratios. Otherwise they alternate.
   */
  paired?: boolean;
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
  minimal_ack_p99_ms: number;
  /** p99 of the paced rounds leaving out the first second, when the 50 connections are being opened. */
  ack_p99_ms_after_first_second: number;
  minimal_ack_p99_ms_after_first_second: number;
  bare_ack_p99_ms_after_first_second: number;
  ack_saturated_p99_ms: number;
  bare_ack_saturated_p99_ms: number;
  ack_saturated_p99_ratio: number | null;
  ack_saturated_rps: number;
  bare_ack_saturated_rps: number;
  /** Command written → its post reaching Slack, paced rounds (median of the rounds' percentiles). */
  post_p50_ms: number;
  post_p99_ms: number;
  minimal_post_p50_ms: number;
  minimal_post_p99_ms: number;
  post_p99_vs_minimal: number | null;
  /** CPU of the process per command, from the command's arrival to the end of its work (paced rounds). */
  cpu_ms_per_command: number;
  minimal_cpu_ms_per_command: number;
  cpu_per_command_vs_minimal: number | null;
  /** CPU of the MongoDB process per command. */
  mongo_cpu_ms_per_command: number | undefined;
  minimal_mongo_cpu_ms_per_command: number | undefined;
  /** Commands recorded, posted and shown on the card per second when the clients send as fast as answered. */
  saturated_processed_per_s: number;
  minimal_saturated_processed_per_s: number;
  saturated_throughput_vs_minimal: number | null;
  /** Counted in the processes over the paced rounds, per update. */
  mongo_commands_per_update: number;
  minimal_mongo_commands_per_update: number;
  slack_calls_per_update: number;
  minimal_slack_calls_per_update: number;
  redis_round_trips_per_update: number;
  minimal_redis_round_trips_per_update: number;
  lost_updates: number;
  duplicated_updates: number;
  acknowledged_updates: number;
  minimal_lost_updates: number;
  minimal_duplicated_updates: number;
  minimal_acknowledged_updates: number;
  /** Acknowledged updates never posted, and updates posted more than once. */
  unposted_updates: number;
  minimal_unposted_updates: number;
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

/** Waits until the target has finished every command it acknowledged; returns how long that took. */
async function drain(env: BenchEnvironment, target: Worker): Promise<number> {
  const drained = await workerOf(env, target).call('drain', { timeoutMs: 600_000 });
  if (!drained.drained) throw new Error(`the ${target} still had ${drained.pending} pieces of work after 10 minutes`);
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

/** The targets that do the work behind the ack (the bare app only acknowledges). */
type Worker = Exclude<Target, 'bare'>;
const TARGETS = ['bare', 'bot', 'minimal'] as const satisfies readonly Target[];

/** What the rounds of one load pattern gave, per target. */
interface Rounds {
  p99s: number[];
  steadyP99s: number[];
  rps: number[];
  postP50s: number[];
  postP99s: number[];
  cpuMsPerCommand: number[];
  mongoCpuMsPerCommand: number[];
  processedPerS: number[];
  /** Commands processed (posted) in the measured rounds, and what they cost in all. */
  processed: number;
  mongo: number;
  redis: number;
  slackCalls: Record<string, number>;
  mongoByOperation: Record<string, number>;
  redisByCommand: Record<string, number>;
  unposted: number;
  postedTwice: number;
}

function emptyRounds(): Rounds {
  return {
    p99s: [],
    steadyP99s: [],
    rps: [],
    postP50s: [],
    postP99s: [],
    cpuMsPerCommand: [],
    mongoCpuMsPerCommand: [],
    processedPerS: [],
    processed: 0,
    mongo: 0,
    redis: 0,
    slackCalls: {},
    mongoByOperation: {},
    redisByCommand: {},
    unposted: 0,
    postedTwice: 0,
  };
}

function addCounts(into: Record<string, number>, counts: Record<string, number>, factor = 1): void {
  for (const [key, value] of Object.entries(counts)) into[key] = (into[key] ?? 0) + value * factor;
}

function perUnit(counts: Record<string, number>, units: number): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, round(value / Math.max(1, units), 2)]));
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, value) => total + value, 0);
}

/** The key (`<round> #<sequence>`) of an update text built by UpdateCommands. */
const keyOf = (text: string) => /^bench \S+ (\S+ #\d{8})/.exec(text)?.[1] ?? text;

/**
 * Signed `/incident update` commands at N concurrent clients, paced (each client one command a second,
 * all at once: the measured figures) and saturated (as fast as answered), against the bot, its minimal
 * equivalent and the bare app: in the paced rounds the bot and the minimal at the same time, each in incidents
 * of its own, after one round of the bare app; in the saturated rounds one after the other. Each round has a
 * warm-up, and the backlog of the bot and of the minimal equivalent is drained between rounds so no round
 * inherits another's work. Measured: the ack (all three), the command → post latency, the CPU per command and
 * the throughput of fully processed commands (bot and minimal), and the MongoDB operations, Slack calls and
 * Redis round trips per update, counted. Then the bot's memory is read and the updates acknowledged are looked
 * up in MongoDB.
 */
export async function measureAcks(env: BenchEnvironment, settings: AckSettings): Promise<AckFigures> {
  const responseUrlBase = env.slackInfo.apiUrl.replace(/\/api\/$/, '');
  // The bot's incidents and the minimal's are different ones, so that neither sees the other's changes when they
  // run at the same time; the bare app is sent the bot's.
  progress(`declaring ${2 * settings.incidents} incidents through the bot: ${settings.incidents} for it, ${settings.incidents} for the minimal equivalent`);
  const declared = await declareIncidents(env, 2 * settings.incidents, responseUrlBase);
  const incidents = { bot: declared.slice(0, settings.incidents), minimal: declared.slice(settings.incidents) };
  const commandsFor = (target: Worker) =>
    new UpdateCommands(
      { signingSecret: env.signingSecret, teamId: env.slackInfo.teamId, responseUrlBase, channels: incidents[target].map((incident) => incident.channelId), users: PEOPLE },
      env.runId,
    );
  const botCommands = commandsFor('bot');
  const commandsOf: Record<Target, UpdateCommands> = { bare: botCommands, bot: botCommands, minimal: commandsFor('minimal') };
  const channelsOf: Record<Worker, ReadonlySet<string>> = {
    bot: new Set(incidents.bot.map((incident) => incident.channelId)),
    minimal: new Set(incidents.minimal.map((incident) => incident.channelId)),
  };
  const acknowledged: Record<Worker, string[]> = { bot: [], minimal: [] };
  await drain(env, 'bot');
  await env.slack.call('takeCallCountsByChannel');
  await env.slack.call('takeUpdatePosts');

  const paced = await runRounds(env, commandsOf, channelsOf, settings, 'paced', acknowledged);
  const saturated = await runRounds(env, commandsOf, channelsOf, settings, 'saturated', acknowledged);

  // Resident memory as the load left it; then the heap a full collection keeps (a leak would show there).
  const memory = await env.bot.call('stats');
  const rss = memory.rss;
  const collected = await env.bot.call('stats', { afterGc: true });
  const minimalMemory = await env.minimal.call('stats');
  const lost = await countLostUpdates(declared, acknowledged.bot);
  const minimalLost = await countLostUpdates(declared, acknowledged.minimal);
  const { bot, minimal, bare } = paced;
  const versus = (bots: number[], minimals: number[]) => versusMinimal(bots, minimals, settings.paced.paired);
  const figures: AckFigures = {
    ack_p99_ms: median(bot.p99s),
    bare_ack_p99_ms: median(bare.p99s),
    ack_p99_ratio: ratio(median(bot.p99s), median(bare.p99s)),
    minimal_ack_p99_ms: median(minimal.p99s),
    ack_p99_ms_after_first_second: round(median(bot.steadyP99s), 2),
    minimal_ack_p99_ms_after_first_second: round(median(minimal.steadyP99s), 2),
    bare_ack_p99_ms_after_first_second: round(median(bare.steadyP99s), 2),
    ack_saturated_p99_ms: median(saturated.bot.p99s),
    bare_ack_saturated_p99_ms: median(saturated.bare.p99s),
    ack_saturated_p99_ratio: ratio(median(saturated.bot.p99s), median(saturated.bare.p99s)),
    ack_saturated_rps: round(median(saturated.bot.rps), 1),
    bare_ack_saturated_rps: round(median(saturated.bare.rps), 1),
    post_p50_ms: round(median(bot.postP50s), 1),
    post_p99_ms: round(median(bot.postP99s), 1),
    minimal_post_p50_ms: round(median(minimal.postP50s), 1),
    minimal_post_p99_ms: round(median(minimal.postP99s), 1),
    post_p99_vs_minimal: versus(bot.postP99s, minimal.postP99s),
    cpu_ms_per_command: round(median(bot.cpuMsPerCommand), 3),
    minimal_cpu_ms_per_command: round(median(minimal.cpuMsPerCommand), 3),
    cpu_per_command_vs_minimal: versus(bot.cpuMsPerCommand, minimal.cpuMsPerCommand),
    mongo_cpu_ms_per_command: bot.mongoCpuMsPerCommand.length ? round(median(bot.mongoCpuMsPerCommand), 3) : undefined,
    minimal_mongo_cpu_ms_per_command: minimal.mongoCpuMsPerCommand.length ? round(median(minimal.mongoCpuMsPerCommand), 3) : undefined,
    saturated_processed_per_s: round(median(saturated.bot.processedPerS), 1),
    minimal_saturated_processed_per_s: round(median(saturated.minimal.processedPerS), 1),
    saturated_throughput_vs_minimal: ratio(median(saturated.bot.processedPerS), median(saturated.minimal.processedPerS)),
    mongo_commands_per_update: round(bot.mongo / Math.max(1, bot.processed), 2),
    minimal_mongo_commands_per_update: round(minimal.mongo / Math.max(1, minimal.processed), 2),
    slack_calls_per_update: round(sum(bot.slackCalls) / Math.max(1, bot.processed), 2),
    minimal_slack_calls_per_update: round(sum(minimal.slackCalls) / Math.max(1, minimal.processed), 2),
    redis_round_trips_per_update: round(bot.redis / Math.max(1, bot.processed), 2),
    minimal_redis_round_trips_per_update: round(minimal.redis / Math.max(1, minimal.processed), 2),
    lost_updates: lost.lost,
    duplicated_updates: lost.duplicated,
    acknowledged_updates: acknowledged.bot.length,
    minimal_lost_updates: minimalLost.lost,
    minimal_duplicated_updates: minimalLost.duplicated,
    minimal_acknowledged_updates: acknowledged.minimal.length,
    unposted_updates: bot.unposted + saturated.bot.unposted,
    minimal_unposted_updates: minimal.unposted + saturated.minimal.unposted,
    rss_mb: round(rss / 1024 / 1024, 1),
  };
  const breakdown = (rounds: Rounds) => ({
    mongo: perUnit(rounds.mongoByOperation, rounds.processed),
    slack: perUnit(rounds.slackCalls, rounds.processed),
    redis: perUnit(rounds.redisByCommand, rounds.processed),
  });
  emit('ack', {
    ...figures,
    paced_bot_p99s_ms: bot.p99s,
    paced_minimal_p99s_ms: minimal.p99s,
    paced_bare_p99s_ms: bare.p99s,
    saturated_bot_p99s_ms: saturated.bot.p99s,
    saturated_minimal_p99s_ms: saturated.minimal.p99s,
    saturated_bare_p99s_ms: saturated.bare.p99s,
    paced_bot_post_p99s_ms: bot.postP99s,
    paced_minimal_post_p99s_ms: minimal.postP99s,
    paced_bot_cpu_ms_per_command: bot.cpuMsPerCommand,
    paced_minimal_cpu_ms_per_command: minimal.cpuMsPerCommand,
    per_update_bot: breakdown(bot),
    per_update_minimal: breakdown(minimal),
    updates_posted_twice: bot.postedTwice + saturated.bot.postedTwice,
    minimal_updates_posted_twice: minimal.postedTwice + saturated.minimal.postedTwice,
    bot_heap_used_mb: round(memory.heapUsed / 1024 / 1024, 1),
    bot_heap_after_gc_mb: collected.heapAfterGc === undefined ? undefined : round(collected.heapAfterGc / 1024 / 1024, 1),
    minimal_rss_mb: round(minimalMemory.rss / 1024 / 1024, 1),
    stored_updates: lost.stored,
    stored_but_not_acknowledged: lost.unacknowledged,
    minimal_stored_but_not_acknowledged: minimalLost.unacknowledged,
  });
  return figures;
}

/**
 * The rounds of one load pattern: the bare app alone, then the bot and the minimal equivalent, either at the same
 * time in channels of their own (`paired`) or alternating. Each round is a warm-up, then the measured run (CPU of
 * every process metered, optionally the targets profiled), then — for the bot and the minimal equivalent — their
 * backlog of acknowledged work drained (metered too), so the next round starts from rest; what each posted and the
 * operations each counted are read after the drain.
 */
async function runRounds(
  env: BenchEnvironment,
  commandsOf: Record<Target, UpdateCommands>,
  channelsOf: Record<Worker, ReadonlySet<string>>,
  settings: AckSettings,
  mode: 'paced' | 'saturated',
  acknowledged: Record<Worker, string[]>,
): Promise<Record<Target, Rounds>> {
  const pattern = settings[mode];
  const results: Record<Target, Rounds> = { bare: emptyRounds(), bot: emptyRounds(), minimal: emptyRounds() };
  const rounds: Record<Target, number> = { bare: 0, bot: 0, minimal: 0 };
  const load = {
    connections: settings.connections,
    ...(pattern.ratePerClient ? { connectionRate: pattern.ratePerClient } : {}),
  };
  let previous = '';
  for (const group of roundGroups(TARGETS, pattern.roundsPerTarget, pattern.bareRounds, pattern.paired)) {
    const numbers = Object.fromEntries(group.map((target) => [target, ++rounds[target]])) as Partial<Record<Target, number>>;
    const workers = group.filter((target): target is Worker => target !== 'bare');
    const name = (target: Target, phase: 'w' | 'm') => `${mode[0]}${target}${numbers[target]}${phase}`;
    const rate = pattern.ratePerClient ? `${pattern.ratePerClient}/s each` : 'as fast as answered';
    const resuming = workers.length > 0 && group.join() !== previous;
    previous = group.join();
    const warmupSec = resuming ? (pattern.resumeWarmupSec ?? pattern.warmupSec) : pattern.warmupSec;
    progress(
      `ack ${mode} ${group.map((target) => `${target} round ${numbers[target]}`).join(' with ')}: ${settings.connections} clients${group.length > 1 ? ' each' : ''}, ` +
        `${rate}; ${warmupSec} s warm-up, ${pattern.durationSec} s measured`,
    );
    const loadAll = (phase: 'w' | 'm', durationSec: number) =>
      Promise.all(group.map((target) => runLoad(String(env[target].info.url), commandsOf[target], { ...load, durationSec, round: name(target, phase) })));
    const warm = warmupSec > 0 ? await loadAll('w', warmupSec) : undefined;
    const before: Partial<Record<Worker, RoundTripCounts>> = {};
    for (const [i, target] of group.entries()) if (target !== 'bare') acknowledged[target].push(...(warm?.[i]?.acknowledged ?? []));
    if (workers.length > 0) {
      await Promise.all(workers.map((target) => drain(env, target)));
      await env.slack.call('takeCallCountsByChannel');
      await env.slack.call('takeUpdatePosts');
      for (const target of workers) before[target] = await workerOf(env, target).call('roundTrips');
    }
    const meter = new CpuMeter(env.pids);
    meter.start();
    if (settings.profile) for (const target of group) await profilerOf(env, target).start();
    const startedAt = Date.now();
    const measured = await loadAll('m', pattern.durationSec);
    const profiles: Partial<Record<Target, ProfileSummary | undefined | null>> = {};
    if (settings.profile) {
      for (const target of group) {
        profiles[target] = await profilerOf(env, target).stop(join(env.outDir, `ack-${mode}-${target}-${numbers[target]}.cpuprofile`));
      }
    }
    const cpu = meter.stop();
    let drainCpu: ReturnType<CpuMeter['stop']> | undefined;
    const drains: Partial<Record<Worker, { ms: number; at: number }>> = {};
    let callsByChannel: Record<string, Record<string, number>> = {};
    let posts: Record<string, number[]> = {};
    if (workers.length > 0) {
      for (const [i, target] of group.entries()) if (target !== 'bare') acknowledged[target].push(...measured[i]!.acknowledged);
      meter.start();
      await Promise.all(
        workers.map(async (target) => {
          const ms = await drain(env, target);
          drains[target] = { ms, at: Date.now() };
        }),
      );
      drainCpu = meter.stop();
      callsByChannel = await env.slack.call('takeCallCountsByChannel');
      posts = await env.slack.call('takeUpdatePosts');
    }
    for (const [i, target] of group.entries()) {
      const run = measured[i]!;
      const result = results[target];
      result.p99s.push(run.result.latency.p99);
      result.steadyP99s.push(percentile(run.steadyResponseTimes, 99));
      result.rps.push(run.result.requests.average);
      let work: Record<string, unknown> = {};
      if (target !== 'bare') {
        const own = name(target, 'm');
        const slackCalls = callsIn(callsByChannel, channelsOf[target]);
        const after = await workerOf(env, target).call('roundTrips');
        const latencies: number[] = [];
        let postedTwice = 0;
        let processed = 0;
        for (const [key, arrivals] of Object.entries(posts)) {
          if (!key.startsWith(`${own} `)) continue;
          processed += 1;
          const sent = run.sentAt.get(key);
          if (sent !== undefined) latencies.push(Math.min(...arrivals) - sent);
          postedTwice += arrivals.length - 1;
        }
        const unposted = run.acknowledged.filter((text) => !(keyOf(text) in posts)).length;
        const cpuMs = (process: string) =>
          cpu.cpu_s[process] === undefined ? undefined : (((cpu.cpu_s[process] ?? 0) + (drainCpu?.cpu_s[process] ?? 0)) * 1000) / Math.max(1, processed);
        const targetCpuMs = cpuMs(target) ?? Number.NaN;
        // With two targets at once, MongoDB's CPU is theirs together: not one's.
        const mongoCpuMs = workers.length === 1 ? cpuMs('mongo') : undefined;
        const processedPerS = processed / ((drains[target]!.at - startedAt) / 1000);
        const counted = roundTripsPer(before[target]!, after, processed);
        result.postP50s.push(percentile(latencies, 50));
        result.postP99s.push(percentile(latencies, 99));
        result.cpuMsPerCommand.push(targetCpuMs);
        if (mongoCpuMs !== undefined) result.mongoCpuMsPerCommand.push(mongoCpuMs);
        result.processedPerS.push(processedPerS);
        result.processed += processed;
        result.mongo += after.mongo - before[target]!.mongo;
        result.redis += after.redisRoundTrips - before[target]!.redisRoundTrips;
        addCounts(result.slackCalls, slackCalls);
        addCounts(result.mongoByOperation, counted.mongoByOperation, processed);
        addCounts(result.redisByCommand, counted.redisByCommand, processed);
        result.unposted += unposted;
        result.postedTwice += postedTwice;
        work = {
          backlog_drain_ms: round(drains[target]!.ms, 1),
          backlog_drain_cpu_s: drainCpu?.cpu_s,
          processed,
          unposted,
          posted_twice: postedTwice,
          post_p50_ms: percentile(latencies, 50),
          post_p99_ms: percentile(latencies, 99),
          post_max_ms: percentile(latencies, 100),
          cpu_ms_per_command: round(targetCpuMs, 3),
          mongo_cpu_ms_per_command: mongoCpuMs === undefined ? undefined : round(mongoCpuMs, 3),
          processed_per_s: round(processedPerS, 1),
          mongo_per_update: counted.mongo,
          redis_round_trips_per_update: counted.redis,
          slack_calls: slackCalls,
        };
      }
      emit('ack_round', {
        mode,
        ...describeRound(target, numbers[target]!, run),
        ...(group.length > 1 ? { together_with: group.filter((other) => other !== target) } : {}),
        connections: settings.connections,
        rate_per_client: pattern.ratePerClient ?? 'unlimited',
        cpu_s: cpu.cpu_s,
        ...work,
      });
      const profile = profiles[target];
      if (profile) emit('ack_profile', { mode, target, round: numbers[target], ...profile });
    }
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

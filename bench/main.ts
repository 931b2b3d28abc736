/**
 * `npm run bench`: measures the bot against its floors in one run and prints one JSON line per
 * measurement, then one summary line. `BENCH_QUICK=1` runs a shorter version (see bench/README.md).
 */
import { join } from 'node:path';
import { measureAcks, type AckSettings } from './ack.js';
import { measureDraft, type DraftSettings } from './draft.js';
import { progress, startEnvironment, type BenchEnvironment } from './environment.js';
import { measureReconcile, type ReconcileSettings } from './reconcile.js';
import { measureReminders, type ReminderSettings } from './reminders.js';
import { summariseProfilesIn } from './profiler.js';
import { describeMachine, emit } from './report.js';

const quick = process.env.BENCH_QUICK === '1';
const profile = process.env.BENCH_PROFILE === '1';
/** Commands per second from each of the 50 clients in the measured (paced) rounds. */
const ackRate = Number(process.env.BENCH_ACK_RATE) || 1;
const PHASES = ['draft', 'ack', 'reminders', 'reconcile'] as const;
/** `BENCH_PHASES=ack,reminders` runs only those (while working on one figure); the default is all. */
const phases = new Set(process.env.BENCH_PHASES ? process.env.BENCH_PHASES.split(',').map((phase) => phase.trim()) : PHASES);
for (const phase of phases) {
  if (!(PHASES as readonly string[]).includes(phase)) {
    process.stderr.write(`BENCH_PHASES: unknown phase "${phase}" (phases: ${PHASES.join(', ')})\n`);
    process.exit(1);
  }
}

const settings: { ack: AckSettings; reminders: ReminderSettings; reconcile: ReconcileSettings; draft: DraftSettings } = {
  ack: {
    connections: 50,
    incidents: 10,
    // The quick run measures the bare app (context) once per pattern, to stay under 4 minutes.
    paced: {
      ratePerClient: ackRate,
      warmupSec: quick ? 2 : 5,
      resumeWarmupSec: quick ? 8 : 15,
      durationSec: quick ? 8 : 30,
      // Rounds on this shared machine vary by up to half from one to the next, for both targets alike: the bot and
      // the minimal run at the same time, and the ratio is the median of five rounds' ratios.
      roundsPerTarget: 5,
      bareRounds: quick ? 1 : 4,
      paired: true,
    },
    // The bot acknowledges far faster than it works, so a saturated round leaves a backlog of several times its
    // length to drain: the quick run keeps it short, with no warm-up (the paced rounds warmed everything).
    saturated: { warmupSec: quick ? 0 : 3, durationSec: quick ? 3 : 10, roundsPerTarget: quick ? 1 : 2 },
    profile,
  },
  reminders: {
    count: quick ? 2_000 : 10_000,
    // The bot's storm and the minimal's fall due in the same second: the ratio is the median of three runs' ratios.
    runsPerTarget: 3,
    paired: true,
    bareRuns: 1,
    warmupCount: quick ? 300 : 1_000,
    leadMs: quick ? 4_000 : 35_000,
    maxWaitMs: quick ? 90_000 : 240_000,
    profile,
  },
  reconcile: { incidents: 10_000, repeats: quick ? 2 : 3 },
  draft: { entries: 5_000, runsPerLocale: quick ? 5 : 15 },
};

/**
 * The goals; a figure is met when it is at or under its goal. The bot is held to its minimal equivalent
 * (same work, same libraries, the essential I/O only); the ratios to the bare app, which does no work,
 * are printed as context and have no goal.
 */
const GOALS = {
  post_p99_vs_minimal: 1.2,
  reminder_p99_vs_minimal: 1.2,
  cpu_per_command_vs_minimal: 1.0,
  cpu_per_reminder_vs_minimal: 1.0,
  mongo_commands_per_update: 3,
  mongo_commands_per_reminder: 3,
  lost_updates: 0,
  reminders_lost: 0,
  reminders_duplicated: 0,
  draft_ms_5000: 100,
  reconcile_ms_10000: 5_000,
} as const;

const startedAt = new Date();
const machine = describeMachine();
emit('machine', { ...machine, date: startedAt.toISOString(), quick, settings });

let environment: BenchEnvironment | undefined;
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  progress('interrupted: stopping everything the benchmark started');
  void (environment?.close() ?? Promise.resolve()).finally(() => process.exit(130));
});

try {
  let draft: ReturnType<typeof measureDraft> | undefined;
  if (phases.has('draft')) {
    progress(`draft: rendering ${settings.draft.entries} entries in every locale`);
    // Pure CPU: measured first, before the other processes start.
    draft = measureDraft(settings.draft);
  }

  progress('starting the embedded MongoDB, the local Slack workspace, the bot, its minimal equivalent and the bare app');
  environment = await startEnvironment({ outDir: join('out', 'bench'), logLevel: process.env.BENCH_LOG_LEVEL || 'info', profile });
  const env = environment;
  progress(`run ${env.runId}: logs${profile ? ' and CPU profiles' : ''} in ${env.outDir}/`);

  const ack = phases.has('ack') ? await measureAcks(env, settings.ack) : undefined;
  const reminders = phases.has('reminders') ? await measureReminders(env, settings.reminders) : undefined;
  const reconcile = phases.has('reconcile') ? await measureReconcile(env, settings.reconcile) : undefined;
  const rssEnd = (await env.bot.call('stats')).rss;

  const figures: Record<string, unknown> = { ...ack, ...reminders, ...draft, ...reconcile };
  const goals: Record<string, { goal: number; met: boolean }> = {};
  for (const [name, goal] of Object.entries(GOALS)) {
    const value = figures[name];
    if (value !== undefined) goals[name] = { goal, met: typeof value === 'number' && Number.isFinite(value) && value <= goal };
  }
  if (reconcile) {
    goals.reconcile_pending_jobs = {
      goal: settings.reconcile.incidents,
      met:
        reconcile.reconcile_pending_jobs === settings.reconcile.incidents &&
        reconcile.reconcile_missing_jobs === 0 &&
        reconcile.reconcile_unexpected_jobs === 0,
    };
  }
  emit('summary', {
    ack_p99_ms: ack?.ack_p99_ms,
    bare_ack_p99_ms: ack?.bare_ack_p99_ms,
    ack_p99_ratio: ack?.ack_p99_ratio,
    lost_updates: ack?.lost_updates,
    reminder_p99_lateness_ms: reminders?.reminder_p99_lateness_ms,
    bare_reminder_p99_lateness_ms: reminders?.bare_reminder_p99_lateness_ms,
    reminder_p99_lateness_ratio: reminders?.reminder_p99_lateness_ratio,
    reminders_lost: reminders?.reminders_lost,
    reminders_duplicated: reminders?.reminders_duplicated,
    draft_ms_5000: draft?.draft_ms_5000,
    reconcile_ms_10000: reconcile?.reconcile_ms_10000,
    reconcile_pending_jobs: reconcile?.reconcile_pending_jobs,
    rss_mb: ack?.rss_mb,
    rss_mb_end: Math.round((rssEnd / 1024 / 1024) * 10) / 10,
    duplicated_updates: ack?.duplicated_updates,
    acknowledged_updates: ack?.acknowledged_updates,
    reminder_count: settings.reminders.count,
    ack_connections: settings.ack.connections,
    ack_rate_per_client: settings.ack.paced.ratePerClient,
    ack_p99_ms_after_first_second: ack?.ack_p99_ms_after_first_second,
    bare_ack_p99_ms_after_first_second: ack?.bare_ack_p99_ms_after_first_second,
    ack_saturated_p99_ms: ack?.ack_saturated_p99_ms,
    bare_ack_saturated_p99_ms: ack?.bare_ack_saturated_p99_ms,
    ack_saturated_p99_ratio: ack?.ack_saturated_p99_ratio,
    ack_saturated_rps: ack?.ack_saturated_rps,
    bare_ack_saturated_rps: ack?.bare_ack_saturated_rps,
    goals_met: Object.values(goals).every((goal) => goal.met),
    goals,
    phases: [...phases],
    quick,
    date: startedAt.toISOString(),
    // Against the minimal equivalent: bot, minimal, and bot ÷ minimal.
    post_p99_vs_minimal: ack?.post_p99_vs_minimal,
    cpu_per_command_vs_minimal: ack?.cpu_per_command_vs_minimal,
    saturated_throughput_vs_minimal: ack?.saturated_throughput_vs_minimal,
    reminder_p99_vs_minimal: reminders?.reminder_p99_vs_minimal,
    cpu_per_reminder_vs_minimal: reminders?.cpu_per_reminder_vs_minimal,
    post_p50_ms: ack?.post_p50_ms,
    minimal_post_p50_ms: ack?.minimal_post_p50_ms,
    post_p99_ms: ack?.post_p99_ms,
    minimal_post_p99_ms: ack?.minimal_post_p99_ms,
    cpu_ms_per_command: ack?.cpu_ms_per_command,
    minimal_cpu_ms_per_command: ack?.minimal_cpu_ms_per_command,
    mongo_cpu_ms_per_command: ack?.mongo_cpu_ms_per_command,
    minimal_mongo_cpu_ms_per_command: ack?.minimal_mongo_cpu_ms_per_command,
    saturated_processed_per_s: ack?.saturated_processed_per_s,
    minimal_saturated_processed_per_s: ack?.minimal_saturated_processed_per_s,
    minimal_reminder_p99_lateness_ms: reminders?.minimal_reminder_p99_lateness_ms,
    cpu_ms_per_reminder: reminders?.cpu_ms_per_reminder,
    minimal_cpu_ms_per_reminder: reminders?.minimal_cpu_ms_per_reminder,
    mongo_cpu_ms_per_reminder: reminders?.mongo_cpu_ms_per_reminder,
    minimal_mongo_cpu_ms_per_reminder: reminders?.minimal_mongo_cpu_ms_per_reminder,
    mongo_commands_per_update: ack?.mongo_commands_per_update,
    minimal_mongo_commands_per_update: ack?.minimal_mongo_commands_per_update,
    slack_calls_per_update: ack?.slack_calls_per_update,
    minimal_slack_calls_per_update: ack?.minimal_slack_calls_per_update,
    redis_round_trips_per_update: ack?.redis_round_trips_per_update,
    minimal_redis_round_trips_per_update: ack?.minimal_redis_round_trips_per_update,
    mongo_commands_per_reminder: reminders?.mongo_commands_per_reminder,
    minimal_mongo_commands_per_reminder: reminders?.minimal_mongo_commands_per_reminder,
    slack_calls_per_reminder: reminders?.slack_calls_per_reminder,
    minimal_slack_calls_per_reminder: reminders?.minimal_slack_calls_per_reminder,
    redis_round_trips_per_reminder: reminders?.redis_round_trips_per_reminder,
    minimal_redis_round_trips_per_reminder: reminders?.minimal_redis_round_trips_per_reminder,
    minimal_lost_updates: ack?.minimal_lost_updates,
    minimal_reminders_lost: reminders?.minimal_reminders_lost,
    minimal_reminders_duplicated: reminders?.minimal_reminders_duplicated,
    unposted_updates: ack?.unposted_updates,
    minimal_unposted_updates: ack?.minimal_unposted_updates,
    minimal_ack_p99_ms: ack?.minimal_ack_p99_ms,
    minimal_ack_p99_ms_after_first_second: ack?.minimal_ack_p99_ms_after_first_second,
    duration_s: Math.round((Date.now() - startedAt.getTime()) / 1000),
    machine: `${machine.cpu}, ${machine.cores} cores, ${machine.ram_gb} GB, Node ${machine.node}`,
  });
} catch (error) {
  if (!interrupted) {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  }
} finally {
  if (!interrupted) {
    progress('stopping the processes and deleting the run\'s Redis keys');
    await environment?.close();
    if (profile && environment) {
      // The database's and Slack's processes were started with --cpu-prof: their profiles exist once they exited.
      for (const summary of await summariseProfilesIn(environment.outDir)) emit('process_profile', { ...summary });
    }
  }
}

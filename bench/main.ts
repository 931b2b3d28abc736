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
    paced: { ratePerClient: ackRate, warmupSec: quick ? 3 : 5, durationSec: quick ? 15 : 30, roundsPerTarget: quick ? 2 : 4 },
    saturated: { warmupSec: quick ? 2 : 3, durationSec: quick ? 8 : 10, roundsPerTarget: quick ? 1 : 2 },
    profile,
  },
  reminders: {
    count: quick ? 2_000 : 10_000,
    runsPerTarget: quick ? 1 : 2,
    leadMs: quick ? 12_000 : 35_000,
    maxWaitMs: quick ? 90_000 : 240_000,
    profile,
  },
  reconcile: { incidents: 10_000, repeats: quick ? 2 : 3 },
  draft: { entries: 5_000, runsPerLocale: quick ? 5 : 15 },
};

/** The goals of the benchmark issue; a figure is met when it is at or under its goal. */
const GOALS = {
  ack_p99_ratio: 1.25,
  lost_updates: 0,
  reminder_p99_lateness_ratio: 1.5,
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

  progress('starting the embedded MongoDB, the local Slack workspace, the bot and the bare app');
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
    if (value !== undefined) goals[name] = { goal, met: typeof value === 'number' && value <= goal };
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

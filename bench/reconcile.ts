import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { reminderJob, REMINDER_QUEUE } from '../jobs/reminders.js';
import { nextReminderStep } from '../src/services/reminder-steps.js';
import { deleteKeysWithPrefix } from '../src/redis.js';
import { closeAllIncidents, createIncidents } from './incidents.js';
import { progress, type BenchEnvironment } from './environment.js';
import { emit } from './report.js';
import { median, round } from './stats.js';

export interface ReconcileSettings {
  incidents: number;
  /** Timed reconciliations after a wipe; the median is reported. */
  repeats: number;
}

export interface ReconcileFigures {
  reconcile_ms_10000: number;
  /** Pending reminder jobs after the last reconciliation (should equal the open incidents). */
  reconcile_pending_jobs: number;
  reconcile_missing_jobs: number;
  reconcile_unexpected_jobs: number;
}

/** The jobs waiting in the bot's reminder queue, by id, and the counts BullMQ reports. */
async function pendingJobs(queue: Queue, redis: Redis): Promise<{ ids: string[]; counts: Record<string, number> }> {
  const counts = await queue.getJobCounts('delayed', 'waiting', 'prioritized', 'active', 'waiting-children');
  const [delayed, waiting, prioritized] = await Promise.all([
    redis.zrange(queue.keys.delayed!, 0, -1),
    redis.lrange(queue.keys.wait!, 0, -1),
    redis.zrange(queue.keys.prioritized!, 0, -1),
  ]);
  return { ids: [...delayed, ...waiting, ...prioritized], counts };
}

/**
 * Start-up reconciliation of N open incidents after a Redis wipe: the bot's reminder keys are deleted,
 * then the bot's own `scheduler.reconcile()` is timed in the bot process. Afterwards the queue must hold
 * exactly one pending job per incident — the one for its promise — and a second reconciliation must add
 * nothing.
 */
export async function measureReconcile(env: BenchEnvironment, settings: ReconcileSettings): Promise<ReconcileFigures> {
  await closeAllIncidents();
  progress(`reconcile: storing ${settings.incidents} open incidents`);
  const dueBase = Date.now() + 2 * 3600_000;
  const incidents = await createIncidents({
    count: settings.incidents,
    teamId: 'TRECONCILE',
    channelPrefix: 'RC',
    dueAt: (i) => new Date(dueBase + i * 1000),
  });
  const settingsForSteps = { cadence: () => 30 * 60_000, escalationGraceMs: 15 * 60_000, managerUserIds: [] };
  const expected = new Set(
    incidents.map((incident) => reminderJob(incident, nextReminderStep(incident, settingsForSteps)!).id),
  );

  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(REMINDER_QUEUE, { connection: redis, prefix: env.botPrefix });
  try {
    const times: number[] = [];
    let counted = 0;
    for (let i = 1; i <= settings.repeats; i += 1) {
      await deleteKeysWithPrefix(env.redisUrl, env.botPrefix);
      progress(`reconcile ${i}/${settings.repeats}: Redis keys of the bot deleted, reconciling`);
      const reconciled = await env.bot.call('reconcile');
      times.push(reconciled.ms);
      counted = reconciled.count;
      emit('reconcile_run', { run: i, incidents: settings.incidents, reconciled: reconciled.count, ms: round(reconciled.ms, 1) });
    }
    const afterWipe = await pendingJobs(queue, redis);
    const again = await env.bot.call('reconcile');
    const afterAgain = await pendingJobs(queue, redis);

    const check = (ids: string[]) => {
      const seen = new Set(ids);
      return {
        pending: ids.length,
        distinct: seen.size,
        missing: [...expected].filter((id) => !seen.has(id)).length,
        unexpected: [...seen].filter((id) => !expected.has(id)).length,
      };
    };
    const first = check(afterWipe.ids);
    const second = check(afterAgain.ids);
    const figures: ReconcileFigures = {
      reconcile_ms_10000: round(median(times), 1),
      reconcile_pending_jobs: first.pending,
      reconcile_missing_jobs: first.missing,
      reconcile_unexpected_jobs: first.unexpected,
    };
    emit('reconcile', {
      ...figures,
      incidents: settings.incidents,
      reconciled: counted,
      runs_ms: times.map((ms) => round(ms, 1)),
      bullmq_counts: afterWipe.counts,
      second_reconcile_ms: round(again.ms, 1),
      after_second_reconcile: second,
    });
    return figures;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

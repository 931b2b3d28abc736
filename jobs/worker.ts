import { Worker } from 'bullmq';
import type { AppDeps } from '../src/app-deps.js';
import { recordDeliveryFailure } from '../src/services/incidents.js';
import { slackFailure } from '../src/slack/incident-channel.js';
import { processReminder, REMINDER_QUEUE, reminderPayload } from './reminders.js';
import type { ReminderScheduler } from './scheduler.js';

/** How many reminders one process sends at once; many incidents can fall due in the same second. */
export const REMINDER_CONCURRENCY = 50;

/** The running workers of a process. */
export interface Workers {
  close(): Promise<void>;
}

/**
 * Starts the reminder worker. A reminder Slack still refuses after the last attempt is logged with
 * its incident and shown on the card.
 */
export function startWorkers(deps: AppDeps, scheduler: ReminderScheduler): Workers {
  const worker = new Worker(
    REMINDER_QUEUE,
    (job) => processReminder(job, deps, (incident) => scheduler.schedule(incident)),
    { connection: deps.redis, prefix: deps.config.queuePrefix, concurrency: REMINDER_CONCURRENCY },
  );
  worker.on('error', (error) => deps.logger.warn({ err: error }, 'reminder worker error'));
  worker.on('failed', (job, error) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const payload = reminderPayload.safeParse(job.data);
    deps.logger.error({ err: error, jobId: job.id, incidentId: payload.data?.incidentId }, 'reminder failed for good');
    if (payload.success) {
      const { incidentId, kind } = payload.data;
      deps.metrics.reminderJobs.inc({ kind, outcome: 'failed' });
      void recordDeliveryFailure(incidentId, `${kind} reminder: ${slackFailure(error)}`, new Date())
        .then(() => deps.cards.refresh(incidentId))
        .catch(() => undefined);
    }
  });
  return { close: () => worker.close() };
}

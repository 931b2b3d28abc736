import { Worker, type Job } from 'bullmq';
import type { AppDeps } from '../src/app-deps.js';
import { giveUpStep } from '../src/flows/remind.js';
import { ACTION_REMINDER_JOB, giveUpActionReminder, processActionReminder } from './action-reminders.js';
import { processReminder, REMINDER_QUEUE, reminderPayload, stepOf } from './reminders.js';
import { DEFAULT_STEP_RETRY, stepBackoff, type StepRetry } from './step-retry.js';

/** How many reminders one process sends at once by default (`WORKER_CONCURRENCY`); see BENCHMARKS.md. */
export const REMINDER_CONCURRENCY = 50;

/** The running workers of a process. */
export interface Workers {
  close(): Promise<void>;
}

/**
 * Starts the reminder worker: update reminders and escalations, and remediation-item reminders (told apart by
 * their job name). A reminder Slack still refuses after the last attempt is logged with its incident and shown
 * on the card.
 */
export function startWorkers(deps: AppDeps, retry: StepRetry = DEFAULT_STEP_RETRY): Workers {
  const processJob = (job: Job) => (job.name === ACTION_REMINDER_JOB ? processActionReminder(job, deps) : processReminder(job, deps));
  const worker = new Worker(REMINDER_QUEUE, processJob, {
    connection: deps.redis,
    prefix: deps.config.queuePrefix,
    concurrency: deps.config.workerConcurrency,
    settings: { backoffStrategy: stepBackoff(retry) },
  });
  worker.on('error', (error) => deps.logger.warn({ err: error }, 'reminder worker error'));
  worker.on('failed', (job, error) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    if (job.name === ACTION_REMINDER_JOB) {
      deps.logger.error({ err: error, jobId: job.id }, 'remediation reminder failed for good');
      void deps.inFlight
        .run(() => giveUpActionReminder(job, deps, error))
        .catch((giveUpError: unknown) => deps.logger.error({ err: giveUpError, jobId: job.id }, 'could not record the failed remediation reminder'));
      return;
    }
    const payload = reminderPayload.safeParse(job.data);
    deps.logger.error({ err: error, jobId: job.id, incidentId: payload.data?.incidentId }, 'reminder failed for good');
    if (payload.success) {
      const { incidentId, kind } = payload.data;
      deps.metrics.reminderJobs.inc({ kind, outcome: 'failed' });
      void deps.inFlight
        .run(() => giveUpStep(deps, incidentId, stepOf(payload.data), error))
        .catch((giveUpError: unknown) => deps.logger.error({ err: giveUpError, incidentId }, 'could not record the failed step'));
    }
  });
  return { close: () => worker.close() };
}

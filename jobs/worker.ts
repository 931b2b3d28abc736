import { Worker, type Job } from 'bullmq';
import type { AppDeps } from '../src/app-deps.js';
import { ACTION_REMINDER_JOB, giveUpActionReminder, processActionReminder } from './action-reminders.js';
import { giveUpReminder, processReminder, REMINDER_QUEUE } from './reminders.js';
import { DEFAULT_STEP_RETRY, stepBackoff, type StepRetry } from './step-retry.js';

/** How many reminders one process sends at once by default (`WORKER_CONCURRENCY`); see BENCHMARKS.md. */
export const REMINDER_CONCURRENCY = 50;

/** The running workers of a process. */
export interface Workers {
  close(): Promise<void>;
}

/** What each kind of job in the queue does, and what is left to do once Slack refused its last attempt. */
const JOB_KINDS = {
  step: { label: 'reminder', process: processReminder, giveUp: giveUpReminder },
  item: { label: 'remediation reminder', process: processActionReminder, giveUp: giveUpActionReminder },
} as const;

const kindOf = (job: Pick<Job, 'name'>) => (job.name === ACTION_REMINDER_JOB ? JOB_KINDS.item : JOB_KINDS.step);

/**
 * Starts the reminder worker: update reminders and escalations, and remediation-item reminders (told apart by
 * their job name). A reminder Slack still refuses after the last attempt is logged with its job and shown
 * on the card.
 */
export function startWorkers(deps: AppDeps, retry: StepRetry = DEFAULT_STEP_RETRY): Workers {
  const worker = new Worker(REMINDER_QUEUE, (job: Job) => kindOf(job).process(job, deps), {
    connection: deps.redis,
    prefix: deps.config.queuePrefix,
    concurrency: deps.config.workerConcurrency,
    settings: { backoffStrategy: stepBackoff(retry) },
  });
  worker.on('error', (error) => deps.logger.warn({ err: error }, 'reminder worker error'));
  worker.on('failed', (job, error) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const kind = kindOf(job);
    const incidentId = (job.data as { incidentId?: unknown }).incidentId;
    deps.logger.error({ err: error, jobId: job.id, incidentId }, `${kind.label} failed for good`);
    void deps.inFlight
      .run(() => kind.giveUp(job, deps, error))
      .catch((giveUpError: unknown) => deps.logger.error({ err: giveUpError, jobId: job.id, incidentId }, `could not record the failed ${kind.label}`));
  });
  return { close: () => worker.close() };
}

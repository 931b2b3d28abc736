import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Incident } from '../models/incident.js';
import { withTimeout } from '../src/async.js';
import type { ReminderSchedule } from '../src/app-deps.js';
import type { Logger } from '../src/logger.js';
import { incidentsWithItemReminders } from '../src/services/action-items.js';
import { incidentsWithPromises } from '../src/services/incident-queries.js';
import { nextReminderStep, type ReminderSettings } from '../src/services/reminder-steps.js';
import { ACTION_REMINDER_JOB, actionReminderJobs, type ActionReminderJob } from './action-reminders.js';
import { REMINDER_QUEUE, reminderJob } from './reminders.js';
import { DEFAULT_STEP_RETRY, stepJobOptions, type StepRetry } from './step-retry.js';

/** The default options of a reminder job: bounded, Slack-aware retries (see `step-retry.ts`). */
export const REMINDER_JOB_OPTIONS: JobsOptions = stepJobOptions(DEFAULT_STEP_RETRY);

/**
 * Keeps one pending job for the next step of every running promise, and for the next reminder of every open
 * remediation item with a due date. MongoDB holds the truth; the queue only wakes the worker up, so scheduling is
 * idempotent (deterministic job ids) and a queue that lost everything is rebuilt by `reconcile()`.
 */
export class ReminderScheduler implements ReminderSchedule {
  readonly queue: Queue;
  /** The job this process last queued per incident, when it fires (0: it may not be queued), and the state it is for. */
  private readonly lastJob = new Map<string, { id: string; fireAt: number; version: number }>();
  /** The remediation-item job this process last queued per item. */
  private readonly lastItemJob = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly settings: ReminderSettings,
    private readonly logger: Logger,
    retry: StepRetry = DEFAULT_STEP_RETRY,
  ) {
    // Every job added, one by one or in bulk, takes these options.
    this.queue = new Queue(REMINDER_QUEUE, { connection: redis, prefix, defaultJobOptions: stepJobOptions(retry) });
    this.queue.on('error', (error) => logger.warn({ err: error }, 'reminder queue error'));
  }

  /**
   * Schedules the next step of the incident's promise (nothing when it has none) and the next reminder of each of
   * its open remediation items. When Redis is away the change is still recorded; the reconciler schedules it once
   * Redis is back. Calls may come out of order (a reminder finishing while an update lands): a state older than one
   * already scheduled changes nothing.
   */
  async schedule(incident: Incident, basedOn?: Date): Promise<void> {
    await this.schedulePromise(incident, basedOn);
    await this.scheduleItems(incident);
  }

  /**
   * Queues the next reminder of each open item of the incident that this process has not queued yet. A job an item
   * no longer needs (done, snoozed, re-dated) stays: when it fires it finds itself stale and does nothing.
   */
  private async scheduleItems(incident: Incident): Promise<void> {
    const key = (job: ActionReminderJob) => `${job.data.incidentId}_${job.data.itemId}`;
    const jobs = actionReminderJobs(incident).filter((job) => this.lastItemJob.get(key(job)) !== job.id);
    for (const item of incident.actions) if (item.done) this.lastItemJob.delete(`${String(incident._id)}_${String(item._id)}`);
    if (jobs.length === 0) return;
    if (this.redis.status !== 'ready') {
      this.logger.warn({ incidentId: String(incident._id) }, 'Redis unavailable: remediation reminders left to the reconciler');
      return;
    }
    try {
      await withTimeout(this.queue.addBulk(jobs.map((job) => this.itemJob(job, Date.now()))), 3_000, 'Redis');
    } catch (error) {
      this.logger.warn({ err: error, incidentId: String(incident._id) }, 'could not schedule remediation reminders: left to the reconciler');
      return;
    }
    for (const job of jobs) this.lastItemJob.set(key(job), job.id);
  }

  private itemJob(job: ActionReminderJob, now: number) {
    return { name: ACTION_REMINDER_JOB, data: job.data, opts: { jobId: job.id, delay: Math.max(0, job.fireAt.getTime() - now) } };
  }

  private async schedulePromise(incident: Incident, basedOn: Date | undefined): Promise<void> {
    const key = String(incident._id);
    const version = incident.updatedAt?.getTime() ?? 0;
    const previous = this.lastJob.get(key);
    if (previous && version < previous.version) return;
    const step = nextReminderStep(incident, this.settings);
    if (!step) {
      // No promise any more (resolved, closed, reminders off): the job this process queued for it goes now.
      this.lastJob.delete(key);
      return this.removePending(previous);
    }
    if (previous && basedOn?.getTime() === previous.version && previous.fireAt > Date.now() && step.fireAt.getTime() >= previous.fireAt) {
      // The promise was renewed from the very state this process last queued a job for, and that job is still to
      // fire, no later than the renewed step: it stays the incident's wake-up. Firing, it finds the promise renewed
      // and queues the renewed step then (the remind flow's `currentIncident`), so a run of updates costs no Redis
      // command until it.
      this.lastJob.set(key, { ...previous, version });
      return;
    }
    const job = reminderJob(incident, step);
    const queued = { id: job.id, fireAt: step.fireAt.getTime(), version };
    this.lastJob.set(key, queued);
    if (this.redis.status !== 'ready') {
      this.notQueued(key, queued);
      this.logger.warn({ incidentId: key }, 'Redis unavailable: reminder left to the reconciler');
      return;
    }
    // The renewed promise's job would only find itself stale: it goes, sent at the same time as the new one (if the
    // new one could not be queued, the reconciler queues it; the old one would not have been right either).
    const renewed = previous && previous.id !== job.id ? this.removePending(previous) : undefined;
    try {
      await withTimeout(
        this.queue.add(job.data.kind, job.data, { jobId: job.id, delay: Math.max(0, step.fireAt.getTime() - Date.now()) }),
        3_000,
        'Redis',
      );
    } catch (error) {
      this.notQueued(key, queued);
      this.logger.warn({ err: error, incidentId: key }, 'could not schedule a reminder: left to the reconciler');
    } finally {
      await renewed;
    }
  }

  /** A job that may not be in the queue is nobody's wake-up: the next renewal queues its own step. */
  private notQueued(key: string, job: { id: string; fireAt: number; version: number }): void {
    if (this.lastJob.get(key) === job) this.lastJob.set(key, { ...job, fireAt: 0 });
  }

  /** Removes a job this process queued that has not fired yet (one that fired is running or gone). */
  private async removePending(job: { id: string; fireAt: number } | undefined): Promise<void> {
    if (job && job.fireAt > Date.now() && this.redis.status === 'ready') await this.queue.remove(job.id).catch(() => 0);
  }

  /**
   * Makes sure every running promise has its next step queued, and every open remediation item its next reminder;
   * returns how many jobs it looked at.
   */
  async reconcile(): Promise<number> {
    let count = 0;
    const now = Date.now();
    for await (const batch of incidentsWithPromises(1000)) {
      const jobs = batch.flatMap((incident) => {
        const step = nextReminderStep(incident, this.settings);
        if (!step) return [];
        const job = reminderJob(incident, step);
        return [{ name: job.data.kind, data: job.data, opts: { jobId: job.id, delay: Math.max(0, step.fireAt.getTime() - now) } }];
      });
      if (jobs.length > 0) await this.queue.addBulk(jobs);
      count += jobs.length;
    }
    for await (const batch of incidentsWithItemReminders(1000)) {
      const jobs = batch.flatMap(actionReminderJobs).map((job) => this.itemJob(job, now));
      if (jobs.length > 0) await this.queue.addBulk(jobs);
      count += jobs.length;
    }
    return count;
  }

  /** Closes the queue's use of the connection. */
  async close(): Promise<void> {
    await this.queue.close();
  }
}

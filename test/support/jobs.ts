import { QueueEvents } from 'bullmq';
import { REMINDER_QUEUE } from '../../jobs/reminders.js';
import { REDIS_URL } from './harness.js';

/** A settled reminder job: its id and what it returned (`sent` or `stale`). */
export interface JobOutcome {
  jobId: string;
  result: string;
}

/** Listens to a bot's reminder queue; `until` resolves when a job completes with an outcome the predicate accepts. */
export async function watchJobs(prefix: string, redisUrl = REDIS_URL) {
  const events = new QueueEvents(REMINDER_QUEUE, { connection: { url: redisUrl }, prefix });
  await events.waitUntilReady();
  const outcomes: JobOutcome[] = [];
  events.on('completed', ({ jobId, returnvalue }) => outcomes.push({ jobId, result: String(returnvalue) }));
  return {
    outcomes,
    until: (predicate: (outcome: JobOutcome) => boolean, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no such job outcome in time')), timeoutMs);
        const check = () => {
          if (!outcomes.some(predicate)) return;
          clearTimeout(timer);
          events.off('completed', check);
          resolve();
        };
        events.on('completed', check);
        check();
      }),
    close: () => events.close(),
  };
}

import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REMINDER_QUEUE } from '../../jobs/reminders.js';
import { REDIS_URL } from '../support/harness.js';
import { scrape, valueOf } from '../support/metrics.js';
import { reminderIn, startProcessStage, type ProcessStage } from '../support/process-stage.js';

let stage: ProcessStage;

beforeAll(async () => {
  stage = await startProcessStage();
}, 30_000);

afterAll(() => stage?.close());

describe('separate web and worker processes', () => {
  it('a web-only process serves Slack and queues reminders without sending them; a worker-only process sends them and serves its probes and metrics', async () => {
    const { slack } = stage;
    const env = stage.botEnv('roles', { UPDATE_INTERVAL: '2s', MANAGER_USER_IDS: '' });
    const web = await stage.startBot(env, ['--role', 'web']);
    const channel = await stage.declare(web.sender, 'Split roles');

    // Nothing consumes the queue: no worker is connected to it, so the reminder waits in Redis.
    const queue = new Queue(REMINDER_QUEUE, { connection: { url: REDIS_URL }, prefix: env.QUEUE_PREFIX });
    expect(await queue.getWorkersCount()).toBe(0);
    const waiting = (await scrape(web.url)).samples;
    const queued = ['waiting', 'delayed'].map(
      (state) => valueOf(waiting, 'incident_queue_jobs', { queue: 'reminders', state }) ?? 0,
    );
    expect(queued[0]! + queued[1]!).toBe(1);
    expect(valueOf(waiting, 'incident_commands_total', { subcommand: 'declare', outcome: 'ok' })).toBe(1);

    const worker = await stage.startBot(env, ['--role', 'worker']);
    await slack.waitForCall('chat.postMessage', reminderIn(channel), 15_000);
    expect(await queue.getWorkersCount()).toBe(1);
    await queue.close();
    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
    // Ready once its first rebuild of the reminder queue is done (503 until then).
    const ready = await vi.waitFor(
      async () => {
        const response = await fetch(`${worker.url}/readyz`);
        expect(response.status).toBe(200);
        return response;
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(await ready.json()).toMatchObject({ mongodb: true, redis: true });
    // A worker has no Slack receiver.
    expect((await fetch(`${worker.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);

    let sent: number | undefined;
    for (let i = 0; i < 50 && !sent; i += 1) {
      sent = valueOf((await scrape(worker.url)).samples, 'incident_reminders_sent_total');
      if (!sent) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sent).toBeGreaterThanOrEqual(1);
    const webAfter = (await scrape(web.url)).samples;
    expect(valueOf(webAfter, 'incident_reminders_sent_total')).toBe(0);
    expect(
      valueOf(webAfter, 'incident_reminder_jobs_total', { kind: 'remind', outcome: 'sent' }),
    ).toBeUndefined();

    web.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await web.exited).toBe(0);
    expect(await worker.exited).toBe(0);
  }, 60_000);
});

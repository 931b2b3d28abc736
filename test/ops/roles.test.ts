import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackRequestSender } from '../../src/local-slack/signed-requests.js';
import { startLocalSlack, type ApiCall, type LocalSlack } from '../../src/local-slack/workspace.js';
import { deleteQueueKeys, REDIS_URL } from '../support/harness.js';
import { scrape, valueOf } from '../support/metrics.js';
import { startBotProcess, startMongoProcess, type Child } from '../support/processes.js';

let mongo: Awaited<ReturnType<typeof startMongoProcess>>;
let slack: LocalSlack;
const prefix = `test-roles-${randomBytes(4).toString('hex')}`;
const running: Child[] = [];

beforeAll(async () => {
  mongo = await startMongoProcess();
  slack = await startLocalSlack();
  slack.addChannel('general', ['U0ALICE'], 'C0GENERAL');
}, 30_000);

afterAll(async () => {
  for (const child of running) await child.stop('SIGKILL');
  await slack?.close();
  await mongo?.stop();
  await deleteQueueKeys(prefix);
});

const env = () => ({
  SLACK_BOT_TOKEN: slack.botToken,
  SLACK_SIGNING_SECRET: 'roles-test-signing-secret',
  SLACK_API_URL: slack.apiUrl,
  MONGODB_URI: `${mongo.uri}roles`,
  REDIS_URL,
  QUEUE_PREFIX: prefix,
  UPDATE_INTERVAL: '2s',
  MANAGER_USER_IDS: '',
  LOG_LEVEL: 'warn',
});

async function start(role: 'web' | 'worker') {
  const child = await startBotProcess(env(), ['--role', role]);
  running.push(child);
  return child;
}

const reminderIn = (channel: string) => (call: ApiCall) =>
  call.args.channel === channel &&
  call.result.ok === true &&
  String(call.args.text).startsWith(':alarm_clock:');

describe('separate web and worker processes', () => {
  it('a web-only process serves Slack and queues reminders without sending them; a worker-only process sends them and serves its probes and metrics', async () => {
    const web = await start('web');
    const sender = new SlackRequestSender(`${web.url}/slack/events`, env().SLACK_SIGNING_SECRET, slack);
    expect((await sender.command('declare Split roles', { channel: 'C0GENERAL' })).status).toBe(200);
    const channel = String((await slack.waitForCall('pins.add')).args.channel);

    // Well past the 2 s promise: nobody processes the queue yet.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(slack.callsTo('chat.postMessage').filter(reminderIn(channel))).toEqual([]);
    const waiting = (await scrape(web.url)).samples;
    const queued = ['waiting', 'delayed'].map(
      (state) => valueOf(waiting, 'incident_queue_jobs', { queue: 'reminders', state }) ?? 0,
    );
    expect(queued[0]! + queued[1]!).toBe(1);
    expect(valueOf(waiting, 'incident_commands_total', { subcommand: 'declare', outcome: 'ok' })).toBe(1);

    const worker = await start('worker');
    await slack.waitForCall('chat.postMessage', reminderIn(channel), 15_000);
    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${worker.url}/readyz`);
    expect(ready.status).toBe(200);
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

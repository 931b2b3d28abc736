import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackRequestSender } from '../../src/local-slack/signed-requests.js';
import { startLocalSlack, type ApiCall, type LocalSlack } from '../../src/local-slack/workspace.js';
import { deleteQueueKeys, REDIS_URL } from '../support/harness.js';
import { startBotProcess, startMongoProcess, type Child } from '../support/processes.js';

let mongo: Awaited<ReturnType<typeof startMongoProcess>>;
let slack: LocalSlack;
const running: Child[] = [];
const prefixes: string[] = [];

beforeAll(async () => {
  mongo = await startMongoProcess();
  slack = await startLocalSlack();
  slack.addChannel('general', ['U0ALICE'], 'C0GENERAL');
}, 30_000);

afterEach(async () => {
  while (running.length > 0) await running.pop()!.stop('SIGKILL');
});

afterAll(async () => {
  await slack?.close();
  await mongo?.stop();
  for (const prefix of prefixes) await deleteQueueKeys(prefix);
});

function botEnv(dbName: string, prefix: string, extra: Record<string, string> = {}) {
  return {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: 'process-test-secret',
    SLACK_API_URL: slack.apiUrl,
    MONGODB_URI: `${mongo.uri}${dbName}`,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

async function bot(env: Record<string, string>) {
  const child = await startBotProcess(env);
  running.push(child);
  return { ...child, sender: new SlackRequestSender(`${child.url}/slack/events`, env.SLACK_SIGNING_SECRET!, slack) };
}

const reminderIn = (channel: string) => (call: ApiCall) =>
  call.args.channel === channel && call.result.ok === true && String(call.args.text).startsWith(':alarm_clock:');

async function declare(sender: SlackRequestSender, title: string): Promise<string> {
  const before = slack.callsTo('pins.add').length;
  const response = await sender.command(`declare ${title}`, { channel: 'C0GENERAL' });
  expect(response.status).toBe(200);
  const pins = await slack.waitForCalls('pins.add', before + 1);
  return String(pins.at(-1)!.args.channel);
}

describe('real processes', () => {
  it('after kill -9 and a Redis wipe, a restarted bot delivers every pending reminder once', async () => {
    const prefix = `test-crash-${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    const env = botEnv('crash', prefix, { UPDATE_INTERVAL: '4s', MANAGER_USER_IDS: '' });
    const first = await bot(env);
    const channels = [];
    for (const title of ['Crash one', 'Crash two', 'Crash three']) channels.push(await declare(first.sender, title));
    await first.stop('SIGKILL');
    await deleteQueueKeys(prefix);
    expect(channels.flatMap((channel) => slack.callsTo('chat.postMessage').filter(reminderIn(channel)))).toEqual([]);

    await bot(env);
    for (const channel of channels) await slack.waitForCall('chat.postMessage', reminderIn(channel), 20_000);
    // Each reminds again a cadence later; by then a duplicate of the first reminder would have shown.
    for (const channel of channels) await slack.waitForCalls('chat.postMessage', 2, reminderIn(channel), 20_000);
    for (const channel of channels) {
      const [firstReminder, second] = slack.callsTo('chat.postMessage').filter(reminderIn(channel));
      expect(second!.at.getTime() - firstReminder!.at.getTime()).toBeGreaterThanOrEqual(3500);
    }
  }, 90_000);

  it('finishes every acknowledged command when SIGTERM comes during a burst, and exits 0', async () => {
    const prefix = `test-term-${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    const target = await bot(botEnv('shutdown', prefix));
    const channel = await declare(target.sender, 'Burst at shutdown');

    const requests = Array.from({ length: 40 }, (_, i) =>
      target.sender.command(`update Burst ${i}`, { channel }).then(
        (response) => response.status,
        () => 0,
      ),
    );
    let answered = 0;
    await new Promise<void>((resolve) => {
      for (const request of requests) void request.then((status) => status === 200 && ++answered === 10 && resolve());
    });
    target.child.kill('SIGTERM');
    const statuses = await Promise.all(requests);
    expect(await target.exited).toBe(0);

    const connection = await mongoose.createConnection(mongo.uri, { dbName: 'shutdown' }).asPromise();
    const stored = (await connection.collection('timelineentries').find({ kind: 'update' }).toArray()).map((entry) => entry.text as string);
    await connection.close();
    const acked = statuses.flatMap((status, i) => (status === 200 ? [`Burst ${i}`] : []));
    expect(acked.length).toBeGreaterThanOrEqual(10);
    // Every acknowledged update is stored and posted; one whose reply was cut by the shutdown may be too.
    expect(stored).toEqual(expect.arrayContaining(acked));
    expect(new Set(stored).size).toBe(stored.length);
    const posted = slack.callsTo('chat.postMessage').filter((call) => call.args.channel === channel && String(call.args.text).includes('Burst '));
    expect(posted.map((call) => String(call.args.text).split(': ').at(-1))).toEqual(expect.arrayContaining(acked));
  }, 60_000);
});

import mongoose from 'mongoose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deleteQueueKeys } from '../support/harness.js';
import { reminderIn, startProcessStage, type ProcessStage } from '../support/process-stage.js';

let stage: ProcessStage;

beforeAll(async () => {
  stage = await startProcessStage();
}, 30_000);

afterEach(() => stage.killBots());

afterAll(() => stage?.close());

describe('real processes', () => {
  it('after kill -9 and a Redis wipe, a restarted bot delivers every pending reminder once', async () => {
    const { slack } = stage;
    const env = stage.botEnv('crash', { UPDATE_INTERVAL: '4s', MANAGER_USER_IDS: '' });
    const first = await stage.startBot(env);
    const channels = [];
    for (const title of ['Crash one', 'Crash two', 'Crash three']) channels.push(await stage.declare(first.sender, title));
    await first.stop('SIGKILL');
    await deleteQueueKeys(env.QUEUE_PREFIX!);
    expect(channels.flatMap((channel) => slack.callsTo('chat.postMessage').filter(reminderIn(channel)))).toEqual([]);

    await stage.startBot(env);
    for (const channel of channels) await slack.waitForCall('chat.postMessage', reminderIn(channel), 20_000);
    // Each reminds again a cadence later; by then a duplicate of the first reminder would have shown.
    for (const channel of channels) await slack.waitForCalls('chat.postMessage', 2, reminderIn(channel), 20_000);
    for (const channel of channels) {
      const [firstReminder, second] = slack.callsTo('chat.postMessage').filter(reminderIn(channel));
      expect(second!.at.getTime() - firstReminder!.at.getTime()).toBeGreaterThanOrEqual(3500);
    }
  }, 90_000);

  it('finishes every acknowledged command when SIGTERM comes during a burst, and exits 0', async () => {
    const { slack, mongo } = stage;
    const target = await stage.startBot(stage.botEnv('shutdown'));
    const channel = await stage.declare(target.sender, 'Burst at shutdown');

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

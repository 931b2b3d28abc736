import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderIn } from '../support/predicates.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { blockText, botPosts, declareIncident, run } from '../support/incidents.js';
import { startRedisProcess } from '../support/processes.js';

let redis: Awaited<ReturnType<typeof startRedisProcess>>;
let t: TestBot;

beforeAll(async () => {
  redis = await startRedisProcess();
  t = await startTestBot({ env: { REDIS_URL: redis.url, UPDATE_INTERVAL: '3s', MANAGER_USER_IDS: '' } });
}, 30_000);

afterAll(async () => {
  await t?.close();
  await redis?.stop();
});

const isReminder = reminderIn;

describe('when Redis is away', () => {
  it('still records and posts updates, reports not ready, and reconciles the reminders once Redis is back', async () => {
    const channelId = await declareIncident(t, 'Queue down');
    const port = redis.port;
    await redis.stop('SIGKILL');

    const response = await run(t, channelId, 'update Recorded without Redis --next 2s');
    expect(response.status).toBe(200);
    expect(response.replies).toEqual([]);
    expect(botPosts(t, channelId).filter((post) => blockText(post).includes('Recorded without Redis'))).toHaveLength(1);
    const ready = await fetch(`${t.bot.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ redis: false, mongodb: true });

    // A new, empty Redis on the same port: the jobs are gone, the reminder must still come, once.
    redis = await startRedisProcess(port);
    await t.slack.waitForCall('chat.postMessage', isReminder(channelId), 20_000);
    expect((await fetch(`${t.bot.url}/readyz`)).status).toBe(200);
    await t.slack.waitForCalls('chat.postMessage', 2, isReminder(channelId), 20_000);
    const reminders = t.slack.callsTo('chat.postMessage').filter(isReminder(channelId));
    // The first reminder and the repeat a cadence later — never the first one twice.
    expect(reminders[1]!.at.getTime() - reminders[0]!.at.getTime()).toBeGreaterThanOrEqual(2500);
  }, 60_000);
});

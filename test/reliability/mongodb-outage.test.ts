import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/harness.js';
import { blockText, botPosts, declareIncident, run } from '../support/incidents.js';
import { startMongoProcess } from '../support/processes.js';

let mongo: Awaited<ReturnType<typeof startMongoProcess>>;
let t: TestBot;

beforeAll(async () => {
  mongo = await startMongoProcess();
  t = await startTestBot({ database: { uri: mongo.uri, dbName: 'outage' } });
}, 30_000);

afterAll(async () => {
  await t?.close();
  await mongo?.stop();
});

describe('when MongoDB is away', () => {
  it('tells the person their update was NOT recorded, keeps serving, and records again once MongoDB answers', async () => {
    const channelId = await declareIncident(t, 'Database hiccup');
    mongo.child.kill('SIGSTOP');
    try {
      const response = await run(t, channelId, 'update Error rate back to normal');
      expect(response.status).toBe(200);
      expect(response.elapsedMs).toBeLessThan(3000);
      const reply = JSON.stringify(response.replies);
      expect(reply).toContain('This was NOT recorded');
      expect(reply).toContain('/incident update Error rate back to normal');
      expect((await fetch(`${t.bot.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${t.bot.url}/readyz`)).status).toBe(503);
    } finally {
      mongo.child.kill('SIGCONT');
    }
    const retried = await run(t, channelId, 'update Error rate back to normal');
    expect(retried.replies).toEqual([]);
    expect(botPosts(t, channelId).filter((post) => blockText(post).includes('Error rate back to normal'))).toHaveLength(1);
    expect((await fetch(`${t.bot.url}/readyz`)).status).toBe(200);
  }, 60_000);

  it('says NOT recorded when MongoDB refuses connections, and recovers by itself when it is back', async () => {
    const port = mongo.port;
    await mongo.stop('SIGKILL');
    const response = await run(t, 'C0GENERAL', 'declare Lost the database');
    expect(JSON.stringify(response.replies)).toContain('This was NOT recorded');

    // The embedded server keeps nothing, so the restarted one is empty; the bot must find it again.
    mongo = await startMongoProcess(port);
    const channelId = await declareIncident(t, 'Back in business');
    await run(t, channelId, 'update All good');
    expect(botPosts(t, channelId).map(blockText).join('\n')).toContain('All good');
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import { isDirectMessageWith, itemRemindersTo, itemReminderTo, messageText } from '../support/action-items.js';
import { blockText, botPosts, declareIncident, run } from '../support/incidents.js';
import { stoppedAfterEach } from '../support/per-test.js';
import { startRedisProcess } from '../support/processes.js';

const { bot, jobs, later } = stoppedAfterEach();

/** The id of the reminder job item `number` of the incident in this channel has queued now. */
async function pendingJobId(channelId: string, number: number): Promise<string> {
  const incident = (await findIncidentByChannel(channelId))!;
  const item = incident.actions[number - 1]!;
  return `item_${String(incident._id)}_${String(item._id)}_${item.remindAt!.getTime()}`;
}

describe('remediation reminders', () => {
  it('still come, once, after the bot restarts on a Redis that lost everything', async () => {
    const redis = later(await startRedisProcess(), (process) => process.stop());
    const env = { ACTION_REMINDER_INTERVAL: '3s', MANAGER_USER_IDS: '' };
    const first = await bot({ env: { ...env, REDIS_URL: redis.url } });
    const channelId = await declareIncident(first, 'Survives a wiped Redis');
    await run(first, channelId, 'action Move the pager secrets to the vault @bob --due 4s');
    const due = await pendingJobId(channelId, 1);
    const { slack, database, queuePrefix } = first;
    await first.bot.stop();

    // A new, empty Redis on the same port: the queued reminder is gone with the old one.
    await redis.stop();
    const fresh = later(await startRedisProcess(redis.port), (process) => process.stop());
    const watcher = await jobs(queuePrefix, fresh.url);
    const second = await bot({ env: { ...env, REDIS_URL: fresh.url }, slack, database, queuePrefix });

    const reminder = await slack.waitForCall('chat.postMessage', itemReminderTo(second, 'U0BOB'), 15_000);
    expect(messageText(reminder)).toContain('Move the pager secrets to the vault');
    // Then the repeat an interval later: the first one must not have come twice before it.
    await watcher.until((outcome) => outcome.jobId === due && outcome.result === 'sent', 15_000);
    const next = await pendingJobId(channelId, 1);
    await watcher.until((outcome) => outcome.jobId === next && outcome.result === 'sent', 15_000);
    const reminders = itemRemindersTo(second, 'U0BOB');
    expect(reminders).toHaveLength(2);
    expect(reminders[0]).toBe(reminder);
    expect(reminders[1]!.at.getTime() - reminders[0]!.at.getTime()).toBeGreaterThanOrEqual(2_900);
    expect((await findIncidentByChannel(channelId))!.actions[0]!.remindersSent).toBe(2);
  }, 60_000);

  it('rate-limited by Slack, tries again after Retry-After and reaches the owner once', async () => {
    const t = await bot({ env: { ACTION_REMINDER_INTERVAL: '1h', MANAGER_USER_IDS: '' } });
    const watcher = await jobs(t.queuePrefix);
    const channelId = await declareIncident(t, 'Rate-limited reminder');
    await run(t, channelId, 'action Cap the retry storm @bob --due 2s');
    const due = await pendingJobId(channelId, 1);
    // The reminder's first post is answered 429 with Retry-After 2; no blind retry inside the client.
    t.slack.fail('chat.postMessage', { status: 429, retryAfter: 2 }, 1);
    const limited = await t.slack.waitForCall('chat.postMessage', (call) => call.status === 429, 15_000);
    expect(isDirectMessageWith(t, limited.args.channel, 'U0BOB')).toBe(true);

    await watcher.until((outcome) => outcome.jobId === due && outcome.result === 'sent', 20_000);
    const delivered = itemRemindersTo(t, 'U0BOB');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.at.getTime() - limited.at.getTime()).toBeGreaterThanOrEqual(2_000);
    expect(t.slack.callsTo('chat.postMessage').filter((call) => isDirectMessageWith(t, call.args.channel, 'U0BOB'))).toEqual([limited, delivered[0]]);
  }, 40_000);

  it('that Slack refuses on every attempt are said in words in the channel and on the card, then tried an interval later', async () => {
    const t = await bot({ env: { ACTION_REMINDER_INTERVAL: '1h', MANAGER_USER_IDS: '' } });
    const channelId = await declareIncident(t, 'Unreachable owner');
    await run(t, channelId, 'action Fix the dead letter queue @bob --due 1s');
    const due = (await findIncidentByChannel(channelId))!.actions[0]!.remindAt!;
    // More refusals than the job has attempts (the tests' step retry makes eight).
    t.slack.fail('conversations.open', { status: 503 }, 8);
    const notice = await t.slack.waitForCall(
      'chat.postMessage',
      (call) => call.args.channel === channelId && call.result.ok === true && blockText(call).includes('could not reach'),
      30_000,
    );
    expect(blockText(notice)).toMatch(
      /The reminder about remediation item 1 of incident #\d+ “Fix the dead letter queue” could not reach Bob Keller by direct message: Slack was not answering\. Reach them another way\./,
    );
    await t.settle();
    const incident = (await findIncidentByChannel(channelId))!;
    expect(incident.lastDeliveryFailure?.what).toBe(
      'The reminder about remediation item 1 could not reach Bob Keller by direct message: Slack was not answering.',
    );
    const item = incident.actions[0]!;
    expect(item.remindersSent).toBe(0);
    expect(item.remindAt!.getTime() - due.getTime()).toBeGreaterThan(3_500_000);
    expect(itemRemindersTo(t, 'U0BOB')).toEqual([]);
    expect(botPosts(t, channelId).filter((call) => blockText(call).includes('could not reach'))).toHaveLength(1);
  }, 60_000);
});

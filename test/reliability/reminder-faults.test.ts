import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { BLOCK_IDS } from '../../src/blocks/ids.js';
import type { ApiCall } from '../../src/local-slack/workspace.js';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import { INTERACTIVE_RETRY } from '../../src/slack/client.js';
import { blockText, botPosts, declareIncident, run } from '../support/incidents.js';
import { hasBlockId, reminderAttemptIn, reminderIn } from '../support/predicates.js';
import { stoppedAfterEach } from '../support/per-test.js';
import { startRedisProcess } from '../support/processes.js';

const { bot, jobs, later } = stoppedAfterEach();

describe('a reminder Slack rate-limits', () => {
  it.each([
    ['resolved', 'status resolved'],
    ['updated', 'update Rolled back; error rates are normal again'],
  ])('is not posted when the incident was %s before the retry', async (_, command) => {
    const t = await bot({ env: { UPDATE_INTERVAL: '6s', MANAGER_USER_IDS: '' } });
    const watcher = await jobs(t.queuePrefix);
    const channelId = await declareIncident(t, `Rate limited then ${command.split(' ')[0]}`);
    // The reminder's first attempt is answered 429 with Retry-After 5: the step must not be re-sent blindly.
    t.slack.fail('chat.postMessage', { status: 429, retryAfter: 5 }, 1);
    const limited = await t.slack.waitForCall('chat.postMessage', (call) => call.status === 429, 15_000);
    expect(reminderAttemptIn(channelId)(limited)).toBe(true);
    await run(t, channelId, command);

    // The retry, five seconds later, re-reads MongoDB and finds its promise kept or ended.
    await watcher.until((outcome) => outcome.jobId.startsWith('remind_') && outcome.result === 'stale', 20_000);
    expect(t.slack.callsTo('chat.postMessage').filter(reminderAttemptIn(channelId))).toEqual([limited]);
  }, 40_000);
});

describe('a snooze', () => {
  it('of a reminder whose promise a newer update kept changes nothing, says so, and the newer reminder still comes on time', async () => {
    const t = await bot({ env: { UPDATE_INTERVAL: '3s', MANAGER_USER_IDS: '' } });
    const channelId = await declareIncident(t, 'Stale snooze');
    const reminder = await t.slack.waitForCall('chat.postMessage', reminderIn(channelId), 15_000);
    await run(t, channelId, 'update Fixed the gateway --next 6s');
    const renewed = (await findIncidentByChannel(channelId))!.nextUpdateDueAt!;

    const blocks = typeof reminder.args.blocks === 'string' ? (JSON.parse(reminder.args.blocks) as unknown) : reminder.args.blocks;
    const snooze = (blocks as Array<{ block_id?: string; elements?: Array<{ action_id: string; value: string }> }>)
      .find((block) => block.block_id === BLOCK_IDS.reminderActions)!
      .elements!.find((element) => element.action_id === 'reminder_snooze')!;
    await t.sender.interaction({
      ...t.sender.interactionBase('U0BOB'),
      type: 'block_actions',
      channel: { id: channelId },
      container: { type: 'message', message_ts: reminder.result.ts, channel_id: channelId },
      actions: [{ action_id: snooze.action_id, value: snooze.value, type: 'button', action_ts: '1' }],
    });
    await t.settle();

    const told = t.slack.callsTo('chat.postEphemeral').filter((call) => call.args.user === 'U0BOB').at(-1)!;
    expect(String(told.args.text)).toContain('a newer update or snooze has replaced that promise, so nothing was snoozed');
    expect((await findIncidentByChannel(channelId))!.nextUpdateDueAt).toEqual(renewed);
    // The newer promise's own reminder, at its own due time.
    const next = await t.slack.waitForCall(
      'chat.postMessage',
      (call) => reminderIn(channelId)(call) && call.at.getTime() >= renewed.getTime(),
      15_000,
    );
    expect(next.at.getTime() - renewed.getTime()).toBeLessThan(5_000);
  }, 40_000);
});

describe('the queue lost while the bot runs', () => {
  it('is rebuilt by the periodic reconciliation: the due reminder still comes, once', async () => {
    const redis = later(await startRedisProcess(), (process) => process.stop());
    const t = await bot({ env: { REDIS_URL: redis.url, UPDATE_INTERVAL: '6s', RECONCILE_INTERVAL: '4s', MANAGER_USER_IDS: '' } });
    const channelId = await declareIncident(t, 'Flushed queue');
    const client = new Redis(redis.url);
    await client.flushdb();
    client.disconnect();

    const first = await t.slack.waitForCall('chat.postMessage', reminderIn(channelId), 15_000);
    // The repeat a cadence later proves the first one was not sent twice in between.
    await t.slack.waitForCalls('chat.postMessage', 2, reminderIn(channelId), 15_000);
    const reminders = t.slack.callsTo('chat.postMessage').filter(reminderIn(channelId));
    expect(reminders[0]).toBe(first);
    expect(reminders[1]!.at.getTime() - first.at.getTime()).toBeGreaterThanOrEqual(5_000);
    const ready = await (await fetch(`${t.bot.url}/readyz`)).json();
    expect(ready).toMatchObject({ redis: true, reminders: true });
  }, 40_000);
});

describe('an escalation', () => {
  const managers = 'U0MANAGER,U0DAVE';
  const escalationNotice = (channelId: string) => (call: ApiCall) =>
    call.args.channel === channelId && call.result.ok === true && hasBlockId(call, BLOCK_IDS.escalationNotice);

  it('whose direct messages fail for a while never tells the channel the managers were reached early, then reaches each once', async () => {
    const t = await bot({ env: { UPDATE_INTERVAL: '2s', ESCALATION_GRACE: '1s', MANAGER_USER_IDS: managers } });
    const channelId = await declareIncident(t, 'DMs failing');
    await t.slack.waitForCall('chat.postMessage', reminderIn(channelId), 15_000);
    // Longer than the client's retries: only the escalation's own attempts get through.
    t.slack.fail('conversations.open', { status: 500 }, 6);
    const notice = await t.slack.waitForCall('chat.postMessage', escalationNotice(channelId), 30_000);
    expect(t.slack.callsTo('conversations.open').filter((call) => call.status === 500)).toHaveLength(6);
    expect(blockText(notice)).toContain('Maria Manager and Dave Schmidt were told by direct message.');
    expect(botPosts(t, channelId).filter(escalationNotice(channelId))).toEqual([notice]);
    for (const manager of ['U0MANAGER', 'U0DAVE']) {
      const dms = t.slack.callsTo('chat.postMessage').filter((call) => call.result.ok === true && String(call.args.channel).startsWith('D') && t.slack.channels.get(String(call.args.channel))?.members.has(manager));
      expect(dms, manager).toHaveLength(1);
    }
  }, 60_000);

  it('that Slack keeps refusing says in plain words, in the channel and on the card, who could not be reached', async () => {
    const t = await bot({ env: { UPDATE_INTERVAL: '2s', ESCALATION_GRACE: '1s', MANAGER_USER_IDS: managers } });
    const channelId = await declareIncident(t, 'DMs refused');
    await t.slack.waitForCall('chat.postMessage', reminderIn(channelId), 15_000);
    t.slack.fail('conversations.open', { status: 500 }, 1_000);
    const notice = await t.slack.waitForCall('chat.postMessage', escalationNotice(channelId), 30_000);
    t.slack.clearFaults();
    expect(blockText(notice)).toContain('Maria Manager and Dave Schmidt could not be reached: Slack kept refusing the direct message.');
    expect(blockText(notice)).not.toContain('told by direct message');
    const card = await t.slack.waitForCall(
      'chat.update',
      (call) => call.args.channel === channelId && call.result.ok === true && blockText(call).includes('could not reach'),
    );
    expect(blockText(card)).toContain('The escalation could not reach Maria Manager, Dave Schmidt by direct message: Slack was not answering.');
    expect(blockText(card)).not.toContain('statusCode');
    const incident = (await findIncidentByChannel(channelId))!;
    const escalation = await TimelineEntryModel.findOne({ incidentId: incident._id, kind: 'escalation' }).lean();
    expect(escalation).toMatchObject({ notified: [], unreachable: ['U0MANAGER', 'U0DAVE'] });
  }, 60_000);
});

describe('a person waiting', () => {
  it('hears within a few quick retries that Slack did not create the channel', async () => {
    // The bot's own policy for work a person waits on, not the tests' fast one.
    const t = await bot({ env: {}, retryConfig: INTERACTIVE_RETRY });
    t.slack.fail('conversations.create', { status: 500 }, 100);
    const general = t.slack.channels.get('C0GENERAL') ?? t.slack.addChannel('general', [], 'C0GENERAL');
    const response = await run(t, general.id, 'declare Checkout down');
    t.slack.clearFaults();
    expect(t.slack.callsTo('conversations.create')).toHaveLength(1 + INTERACTIVE_RETRY.retries!);
    expect(INTERACTIVE_RETRY.retries).toBeLessThanOrEqual(2);
    expect(response.replies.map((reply) => reply.text)).toEqual([
      'Slack did not create the channel `#' + String(t.slack.callsTo('conversations.create')[0]!.args.name) + '`: Slack was not answering. Nothing was recorded; try again in a minute.',
    ]);
  });
});

import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { giveUpItemReminder, remindAboutItem } from '../../src/flows/action-items.js';
import { addActionItem, completeActionItem } from '../../src/services/action-items.js';
import { getIncident } from '../../src/services/incident-queries.js';
import { testDepsForFile } from '../support/deps.js';
import { declareAt, minutesAfter } from '../support/incident-factory.js';

const t = testDepsForFile({ ACTION_REMINDER_INTERVAL: '2d' });

const DAY = 24 * 3600_000;

/** An incident declared an hour ago with one item due half an hour ago, its channel known to the workspace. */
async function overdueItem(ownerId?: string) {
  const declared = new Date(Date.now() - 60 * 60_000);
  const incident = await declareAt(declared);
  t.slack.addChannel(incident.channelName, [t.slack.botUserId], incident.channelId);
  const dueAt = minutesAfter(declared, 30);
  const { incident: withItem } = await addActionItem(incident, { userId: 'U0CAROL', now: declared, text: 'Fix the pager rotation', dueAt, ...(ownerId ? { ownerId } : {}) });
  return { incident: withItem, item: withItem.actions[0]!, dueAt };
}

const directMessagesTo = (userId: string) =>
  t.slack.callsTo('chat.postMessage').filter((call) => {
    const channel = t.slack.channels.get(String(call.args.channel));
    return call.result.ok === true && channel?.isIm === true && channel.members.has(userId);
  });

describe('the remediation reminder flow', () => {
  it('sends the owner one direct message per reminder, and queues the next one an interval later', async () => {
    const { incident, item, dueAt } = await overdueItem('U0BOB');
    const before = directMessagesTo('U0BOB').length;
    const sentAt = Date.now();
    expect(await remindAboutItem(t.deps, String(incident._id), String(item._id), dueAt)).toBe('sent');
    expect(await remindAboutItem(t.deps, String(incident._id), String(item._id), dueAt)).toBe('stale');
    const sent = directMessagesTo('U0BOB').slice(before);
    expect(sent).toHaveLength(1);
    expect(String(sent[0]!.args.text)).toContain('Fix the pager rotation');
    const stored = (await getIncident(incident._id))!.actions[0]!;
    expect(stored.remindersSent).toBe(1);
    expect(stored.remindAt!.getTime() - sentAt).toBeGreaterThanOrEqual(2 * DAY);
    expect(stored.remindAt!.getTime() - sentAt).toBeLessThan(2 * DAY + 5_000);
    expect(t.scheduled.at(-1)?.actions[0]?.remindAt).toEqual(stored.remindAt);
  });

  it('reminds the commander about an item nobody owns, and nobody about one done', async () => {
    const unowned = await overdueItem();
    const before = directMessagesTo('U0ALICE').length;
    expect(await remindAboutItem(t.deps, String(unowned.incident._id), String(unowned.item._id), unowned.dueAt)).toBe('sent');
    expect(directMessagesTo('U0ALICE').slice(before)).toHaveLength(1);

    const done = await overdueItem('U0DAVE');
    await completeActionItem(done.incident, 1, { userId: 'U0DAVE', now: new Date() });
    const calls = t.slack.calls.length;
    expect(await remindAboutItem(t.deps, String(done.incident._id), String(done.item._id), done.dueAt)).toBe('stale');
    expect(t.slack.calls.slice(calls)).toEqual([]);
  });

  it('gives a refused reminder up in words on the card, and tries again an interval later', async () => {
    const { incident, item, dueAt } = await overdueItem('U0BOB');
    await giveUpItemReminder(t.deps, String(incident._id), String(item._id), dueAt, Object.assign(new Error('rate limited'), { code: ErrorCode.RateLimitedError }));
    const stored = (await getIncident(incident._id))!;
    expect(stored.lastDeliveryFailure?.what).toBe(
      'The reminder about remediation item 1 could not reach Bob Keller by direct message: Slack asked us to slow down.',
    );
    expect(stored.actions[0]!.remindersSent).toBe(0);
    expect(stored.actions[0]!.remindAt!.getTime() - Date.now()).toBeGreaterThan(2 * DAY - 60_000);
    const notice = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === incident.channelId).at(-1)!;
    expect(String(notice.args.text)).toMatch(/could not reach Bob Keller by direct message: Slack asked us to slow down\. Reach them another way\.$/);
  });
});

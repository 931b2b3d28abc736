import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import type { ApiCall } from '../../src/local-slack/workspace.js';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import { itemRemindersTo, itemReminderTo, messageText, useReminder } from '../support/action-items.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { blockText, botPosts, declareIncident, run } from '../support/incidents.js';
import { watchJobs } from '../support/jobs.js';

let t: TestBot;
let jobs: Awaited<ReturnType<typeof watchJobs>>;

beforeAll(async () => {
  t = await startTestBot({ env: { ACTION_REMINDER_INTERVAL: '5s', MANAGER_USER_IDS: '' } });
  jobs = await watchJobs(t.queuePrefix);
});

afterAll(async () => {
  await jobs?.close();
  await t?.close();
});

type View = { callback_id: string; private_metadata: string; blocks: Array<{ block_id?: string; element?: { type: string } }> };

async function openCloseForm(channelId: string): Promise<View> {
  const before = t.slack.callsTo('views.open').length;
  await run(t, channelId, 'close');
  return t.slack.callsTo('views.open')[before]!.args.view as View;
}

function submitClose(view: View, values: Record<string, Record<string, unknown>>) {
  return t.sender.interaction({
    ...t.sender.interactionBase('U0ALICE'),
    type: 'view_submission',
    view: {
      id: `VCLOSE${Date.now()}`,
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: {
        values: {
          cause: { cause: { type: 'plain_text_input', value: 'Alerts went to a retired pager rotation' } },
          resolution: { resolution: { type: 'plain_text_input', value: 'Paged the right team by hand' } },
          locale: { locale: { type: 'static_select', selected_option: { value: 'en' } } },
          ...values,
        },
      },
    },
  });
}

/** The stored item `number` of the incident in this channel. */
async function item(channelId: string, number: number) {
  const incident = (await findIncidentByChannel(channelId))!;
  return { incident, item: incident.actions[number - 1]! };
}

/** The id of the reminder job an item has queued now. */
async function pendingJobId(channelId: string, number: number): Promise<string> {
  const { incident, item: stored } = await item(channelId, number);
  return `item_${String(incident._id)}_${String(stored._id)}_${stored.remindAt!.getTime()}`;
}

/** Waits until the item's queued reminder went out, and returns the id of the one queued after it. */
async function afterSent(channelId: string, number: number, jobId: string): Promise<string> {
  await jobs.until((outcome) => outcome.jobId === jobId && outcome.result === 'sent', 15_000);
  return pendingJobId(channelId, number);
}

function dmUpdates(reminder: ApiCall): ApiCall[] {
  return t.slack.callsTo('chat.update').filter((call) => call.args.channel === reminder.args.channel && call.args.ts === reminder.result.ts);
}

describe('remediation items with owners and due dates', () => {
  it('reminds the owner, and the commander for an unowned item, after close and again each interval, until Done in the DM', async () => {
    const channelId = await declareIncident(t, 'Pages lost in routing');
    const added = await run(t, channelId, 'action Fix alert routing @bob --due 3s');
    expect(added.replies.map((reply) => reply.text)).toEqual([
      expect.stringMatching(/^Item 1 is due <!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]+>\. If it is still open then, <@U0BOB> gets a direct message, and again every 5 s until it is done\.$/),
    ]);
    const firstJob = await pendingJobId(channelId, 1);
    await run(t, channelId, 'action Rotate the pager secrets --due 3s');
    await submitClose(await openCloseForm(channelId), {});
    await t.settle();
    const { incident } = await item(channelId, 1);
    expect(incident.closedAt).toBeInstanceOf(Date);

    const first = await t.slack.waitForCall('chat.postMessage', itemReminderTo(t, 'U0BOB'), 15_000);
    expect(String(first.args.text)).toMatch(/^Remediation item 1 of incident #\d+ is due <!date\^\d+\^[^>]+>: Fix alert routing$/);
    const dm = messageText(first);
    expect(dm).toContain(`Remediation item 1 of incident #${incident.number}`);
    expect(dm).toContain('>Fix alert routing');
    expect(dm).toContain(`<#${channelId}> · Incident #${incident.number}: Pages lost in routing (closed) · You own it.`);
    expect(dm).toContain('"text":"Done"');
    expect(dm).toContain('"text":"Snooze 1 week"');
    expect(dm).toContain('"type":"users_select"');
    const unowned = await t.slack.waitForCall('chat.postMessage', itemReminderTo(t, 'U0ALICE'), 15_000);
    expect(messageText(unowned)).toContain('Rotate the pager secrets');
    expect(messageText(unowned)).toContain('Nobody owns it, so it comes to you as the incident’s commander');

    const again = await t.slack.waitForCalls('chat.postMessage', 2, itemReminderTo(t, 'U0BOB'), 15_000);
    expect(again[0]).toBe(first);
    expect(again[1]!.at.getTime() - first.at.getTime()).toBeGreaterThanOrEqual(4_900);
    expect(messageText(again[1]!)).toMatch(/is overdue\* — it was due <!date\^\d+\^[^>]+> \(again\)/);

    const pending = await afterSent(channelId, 1, await afterSent(channelId, 1, firstJob));
    await useReminder(t, again[1]!, 'done', 'U0BOB');
    const done = await item(channelId, 1);
    expect(done.item).toMatchObject({ done: true, doneBy: 'U0BOB' });
    expect(done.item.remindAt).toBeUndefined();
    expect(blockText(dmUpdates(again[1]!).at(-1)!)).toContain('*Done* — marked by <@U0BOB>');
    expect(await TimelineEntryModel.countDocuments({ incidentId: incident._id, kind: 'action', 'action.done': true })).toBe(1);
    expect(botPosts(t, channelId).filter((post) => String(post.args.text).startsWith('Action item 1 done'))).toHaveLength(1);

    // The reminder queued for bob's next interval fires, finds the item done, and sends nothing.
    await jobs.until((outcome) => outcome.jobId === pending && outcome.result === 'stale', 15_000);
    expect(itemRemindersTo(t, 'U0BOB')).toHaveLength(2);

    await run(t, channelId, 'postmortem');
    const draft = [...t.slack.files.values()].filter((file) => file.filename === `postmortem-${incident.channelName}-en.md`).at(-1)!;
    const markdown = draft.content.toString('utf8');
    expect(markdown).toContain('- Fix alert routing (owner: Bob Keller) [Done]');
    expect(markdown).toContain('- Rotate the pager secrets [Planned]');
    expect(markdown).toContain('- **Remediation items done on time / late / still open**: 0 / 1 / 1');

    // App Home: the viewer's own open items (alice commands the incident, so the unowned item is hers), overdue.
    await t.sender.event({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home' });
    await t.settle();
    const home = JSON.stringify(t.slack.callsTo('views.publish').filter((call) => call.args.user_id === 'U0ALICE').at(-1)!.args.view);
    expect(home).toContain('Your remediation items');
    expect(home).toContain(`*overdue* since`);
    expect(home).toContain(`<#${channelId}> *#${incident.number}* item 2: Rotate the pager secrets`);
    expect(home).not.toContain('Fix alert routing');
    expect(home).toContain('"action_id":"action_item_done"');

    // Done from App Home: the item closes and the tab is published again without it.
    const before = t.slack.callsTo('views.publish').length;
    const { item: rotate } = await item(channelId, 2);
    await t.sender.interaction({
      ...t.sender.interactionBase('U0ALICE'),
      type: 'block_actions',
      container: { type: 'view', view_id: 'V0HOME' },
      view: { id: 'V0HOME', type: 'home' },
      actions: [{ action_id: 'action_item_done', type: 'button', value: `${String(incident._id)}.${String(rotate._id)}`, action_ts: '1' }],
    });
    await t.settle();
    expect((await item(channelId, 2)).item.done).toBe(true);
    const republished = JSON.stringify(t.slack.callsTo('views.publish').slice(before).at(-1)!.args.view);
    expect(republished).not.toContain('Rotate the pager secrets');
    expect(republished).toContain('Nothing open for you.');
  }, 60_000);

  it('Snooze 1 week puts the next reminder off a week, and the one queued for the interval sends nothing', async () => {
    const channelId = await declareIncident(t, 'Snoozed item');
    await run(t, channelId, 'action Renew the certificate @bob --due 2s');
    const pending = await afterSent(channelId, 1, await pendingJobId(channelId, 1));
    const reminder = itemRemindersTo(t, 'U0BOB').find((call) => messageText(call).includes('Renew the certificate'))!;
    const clicked = Date.now();
    await useReminder(t, reminder, 'snooze', 'U0BOB');

    const snoozed = (await item(channelId, 1)).item;
    expect(snoozed.done).toBe(false);
    expect(snoozed.remindAt!.getTime() - clicked).toBeGreaterThanOrEqual(7 * 24 * 3600_000 - 1_000);
    expect(snoozed.remindAt!.getTime() - clicked).toBeLessThan(7 * 24 * 3600_000 + 10_000);
    expect(blockText(dmUpdates(reminder).at(-1)!)).toContain(':zzz: Snoozed: the next reminder comes <!date^');
    await jobs.until((outcome) => outcome.jobId === pending && outcome.result === 'stale', 15_000);
    expect(itemRemindersTo(t, 'U0BOB').filter((call) => messageText(call).includes('Renew the certificate'))).toEqual([reminder]);
  }, 40_000);

  it('Reassign hands the item over: the channel hears it, the new owner is reminded at once, the old one no more', async () => {
    const channelId = await declareIncident(t, 'Handed over');
    await run(t, channelId, 'action Add a canary for the gateway @bob --due 2s');
    const about = (call: ApiCall) => messageText(call).includes('Add a canary for the gateway');
    const pending = await afterSent(channelId, 1, await pendingJobId(channelId, 1));
    const reminder = itemRemindersTo(t, 'U0BOB').find(about)!;
    await useReminder(t, reminder, 'reassign', 'U0BOB', 'U0CAROL');

    const { item: handed } = await item(channelId, 1);
    expect(handed.ownerId).toBe('U0CAROL');
    expect(handed.ownerChanges).toEqual([{ ownerId: 'U0CAROL', by: 'U0BOB', at: expect.any(Date) }]);
    const notice = botPosts(t, channelId).find((post) => blockText(post).includes('now belongs to'))!;
    expect(blockText(notice)).toContain('now belongs to <@U0CAROL>');
    expect(blockText(notice)).toContain('handed over by <@U0BOB>');
    expect(blockText(dmUpdates(reminder).at(-1)!)).toContain('Handed to <@U0CAROL>');

    const carol = await t.slack.waitForCall('chat.postMessage', (call) => itemReminderTo(t, 'U0CAROL')(call) && about(call), 15_000);
    expect(messageText(carol)).toContain('<@U0BOB> handed it to you.');
    expect(messageText(carol)).toContain('is overdue* — it was due');
    expect(messageText(carol)).not.toContain('(again)');
    await jobs.until((outcome) => outcome.jobId === pending && outcome.result === 'stale', 15_000);
    expect(itemRemindersTo(t, 'U0BOB').filter(about)).toEqual([reminder]);
  }, 40_000);

  it('sends nothing about an item done before its due date', async () => {
    const channelId = await declareIncident(t, 'Done early');
    await run(t, channelId, 'action Document the rollback @dave --due 3s');
    const pending = await pendingJobId(channelId, 1);
    await run(t, channelId, 'action done 1');
    await jobs.until((outcome) => outcome.jobId === pending && outcome.result === 'stale', 15_000);
    expect(t.slack.callsTo('conversations.open').filter((call) => call.args.users === 'U0DAVE')).toEqual([]);
    const { incident } = await item(channelId, 1);
    expect(incident.actions[0]).toMatchObject({ done: true, doneBy: 'U0ALICE' });
  }, 30_000);
});

describe('the close form', () => {
  it('gives listed items an owner and a due date, and adds new items with theirs, due by the end of the day in the closer’s zone', async () => {
    const channelId = await declareIncident(t, 'Owners at close');
    await run(t, channelId, 'action Harden the webhook');
    await run(t, channelId, 'action Page the right team @bob');
    const view = await openCloseForm(channelId);
    // Alice works from Paris: the form's days are hers.
    expect(JSON.parse(view.private_metadata)).toMatchObject({ items: [1, 2], zone: 'Europe/Paris' });
    const day = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate()!;
    const endOfDay = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Paris' }).endOf('day').toJSDate();

    const halfRow = await submitClose(view, { new_item_2_owner: { new_item_2_owner: { type: 'users_select', selected_user: 'U0DAVE' } } });
    expect(halfRow.json).toEqual({
      response_action: 'errors',
      errors: { new_item_2: 'Say what needs doing: an owner or a date alone makes no item.' },
    });
    expect((await item(channelId, 1)).incident.closedAt).toBeUndefined();

    await submitClose(view, {
      item_1_owner: { item_1_owner: { type: 'users_select', selected_user: 'U0CAROL' } },
      item_1_due: { item_1_due: { type: 'datepicker', selected_date: day(1) } },
      item_2_owner: { item_2_owner: { type: 'users_select', selected_user: 'U0BOB' } },
      item_2_due: { item_2_due: { type: 'datepicker', selected_date: null } },
      new_item_1: { new_item_1: { type: 'plain_text_input', value: 'Alert on webhook failures & retries' } },
      new_item_1_owner: { new_item_1_owner: { type: 'users_select', selected_user: 'U0DAVE' } },
      new_item_1_due: { new_item_1_due: { type: 'datepicker', selected_date: day(2) } },
    });
    await t.settle();
    const { incident } = await item(channelId, 1);
    expect(incident.closedAt).toBeInstanceOf(Date);
    expect(incident.actions.map(({ text, ownerId, dueAt, remindAt }) => ({ text, ownerId, dueAt, remindAt }))).toEqual([
      { text: 'Harden the webhook', ownerId: 'U0CAROL', dueAt: endOfDay(day(1)), remindAt: endOfDay(day(1)) },
      { text: 'Page the right team', ownerId: 'U0BOB', dueAt: undefined, remindAt: undefined },
      { text: 'Alert on webhook failures &amp; retries', ownerId: 'U0DAVE', dueAt: endOfDay(day(2)), remindAt: endOfDay(day(2)) },
    ]);
    expect(incident.actions[1]!.ownerChanges).toBeUndefined();
    // Their reminders are queued for those days.
    const delayed = await t.bot.scheduler.queue.getJobs(['delayed']);
    expect(delayed.map((job) => job.id)).toEqual(
      expect.arrayContaining([1, 3].map((number) => `item_${String(incident._id)}_${String(incident.actions[number - 1]!._id)}_${incident.actions[number - 1]!.dueAt!.getTime()}`)),
    );
    const draft = [...t.slack.files.values()].find((file) => file.filename === `postmortem-${incident.channelName}-en.md`)!;
    expect(draft.content.toString('utf8')).toContain('- Harden the webhook (owner: Carol Rossi) [Planned]');
    expect(draft.content.toString('utf8')).toContain('- Alert on webhook failures & retries (owner: Dave Schmidt) [Planned]');
  }, 30_000);
});

describe('/incident action and /incident actions', () => {
  it('changes an item’s due date and owner in the channel, and lists open items, the soonest due first', async () => {
    const channelId = await declareIncident(t, 'Listed items');
    await run(t, channelId, 'action Write the runbook @maria --due 2w');
    await run(t, channelId, 'action Load-test the gateway @maria --due 3d');
    await run(t, channelId, 'action Archive old dashboards');

    await run(t, channelId, 'action due 3 1w');
    expect(blockText(botPosts(t, channelId).at(-1)!)).toMatch(/Remediation item 3 of incident #\d+ “Archive old dashboards” is now due <!date\^\d+\^[^>]+> — set by <@U0ALICE>\./);
    await run(t, channelId, 'action owner 3 @dave');
    expect(blockText(botPosts(t, channelId).at(-1)!)).toContain('now belongs to <@U0DAVE>');
    expect((await item(channelId, 3)).item.ownerId).toBe('U0DAVE');

    const mine = await run(t, channelId, 'actions', 'U0MANAGER');
    const list = blockText(mine.replies[0]!);
    expect(list).toContain('Your open remediation items: 2');
    expect(list.indexOf('Load-test the gateway')).toBeLessThan(list.indexOf('Write the runbook'));
    expect(list).not.toContain('Archive old dashboards');
    const all = await run(t, channelId, 'actions all', 'U0DAVE');
    expect(blockText(all.replies[0]!)).toContain('Archive old dashboards · <@U0DAVE>');

    const past = await run(t, channelId, 'action due 1 2020-01-01');
    expect(past.json?.text).toContain('That due date has passed already');
    const bad = await run(t, channelId, 'action Something --due soon');
    expect(bad.json?.text).toContain('`soon` is not a due date');
  }, 30_000);
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { deleteQueueKeys, startTestBot, type TestBot } from '../support/harness.js';
import { declareIncident, run } from '../support/incidents.js';
import { watchJobs as watchQueue } from '../support/jobs.js';
import { reminderIn } from '../support/predicates.js';

const FAST = { UPDATE_INTERVAL: '3s', ESCALATION_GRACE: '3s', MANAGER_USER_IDS: 'U0MANAGER' };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function bot(options: Parameters<typeof startTestBot>[0] = {}): Promise<TestBot> {
  const t = await startTestBot({ ...options, env: { ...FAST, ...options.env } });
  cleanups.push(() => t.close());
  return t;
}

async function watchJobs(prefix: string) {
  const watcher = await watchQueue(prefix);
  cleanups.push(() => watcher.close());
  return watcher;
}

const isReminder = reminderIn;

describe('update promises', () => {
  it('reminds the commander when the promise lapses, then DMs the managers and tells the channel', async () => {
    const t = await bot();
    const channelId = await declareIncident(t, 'Lapsed promise', { user: 'U0BOB' });
    const promisedAt = (await findIncidentByChannel(channelId))!.declaredAt.getTime();

    const reminder = await t.slack.waitForCall('chat.postMessage', isReminder(channelId));
    const lateness = reminder.at.getTime() - promisedAt;
    expect(lateness).toBeGreaterThanOrEqual(2900);
    expect(lateness).toBeLessThan(8000);
    expect(String(reminder.args.text)).toContain('<@U0BOB>');
    expect(String(reminder.args.text)).toContain('since the incident was declared');
    const buttons = JSON.stringify(reminder.args.blocks);
    expect(buttons).toContain('Post update');
    expect(buttons).toContain('Snooze 15m');

    const open = await t.slack.waitForCall('conversations.open', (call) => call.args.users === 'U0MANAGER');
    const dm = await t.slack.waitForCall('chat.postMessage', (call) => String(call.args.channel).startsWith('D'));
    expect(open.at.getTime() - reminder.at.getTime()).toBeGreaterThanOrEqual(2500);
    expect(String(dm.args.text)).toContain('SEV3 Incident #');
    expect(String(dm.args.text)).toContain(`<#${channelId}>`);
    const notice = await t.slack.waitForCall('chat.postMessage', (call) => call.args.channel === channelId && String(call.args.text).includes('told by direct message'));
    expect(notice.args.text).not.toContain('<@U0MANAGER>');

    const incident = (await findIncidentByChannel(channelId))!;
    const kinds = (await TimelineEntryModel.find({ incidentId: incident._id, public: false }).lean()).map((entry) => entry.kind);
    expect(kinds).toEqual(expect.arrayContaining(['reminder', 'escalation']));

    // Reminders repeat every cadence until an update comes.
    await t.slack.waitForCalls('chat.postMessage', 2, isReminder(channelId));
    await run(t, channelId, 'update Found it');
    const after = await findIncidentByChannel(channelId);
    expect(after!.remindersSent).toBe(0);
  });

  it('pushes the reminder back a full cadence after a public update, and honours --next', async () => {
    const t = await bot({ env: { UPDATE_INTERVAL: '4s', MANAGER_USER_IDS: '' } });
    const channelId = await declareIncident(t, 'Renewed');
    await run(t, channelId, 'update Still looking');
    const updatedAt = (await findIncidentByChannel(channelId))!.lastPublicUpdateAt!.getTime();
    const first = await t.slack.waitForCall('chat.postMessage', isReminder(channelId));
    expect(first.at.getTime() - updatedAt).toBeGreaterThanOrEqual(3900);

    await run(t, channelId, 'update --next 8s Rolling back');
    const nextAt = (await findIncidentByChannel(channelId))!.lastPublicUpdateAt!.getTime();
    const second = await t.slack.waitForCalls('chat.postMessage', 2, isReminder(channelId), 20_000);
    expect(second[1]!.at.getTime() - nextAt).toBeGreaterThanOrEqual(7900);

    // Each reminder stands in the timeline against the promise it chased: the first update's, then the second's.
    const incident = (await findIncidentByChannel(channelId))!;
    const updates = await TimelineEntryModel.find({ incidentId: incident._id, kind: 'update' }).sort({ occurredAt: 1 }).lean();
    const reminders = await TimelineEntryModel.find({ incidentId: incident._id, kind: 'reminder' }).sort({ occurredAt: 1 }).lean();
    expect(reminders.map((entry) => entry.promise?.dueAt)).toEqual(updates.map((entry) => entry.nextUpdate?.dueAt));
  });

  it('a run of updates queues one job: the earlier promise’s job wakes up, hands over, and the reminder chases the newest promise', async () => {
    const t = await bot({ env: { UPDATE_INTERVAL: '3s', MANAGER_USER_IDS: '' } });
    const channelId = await declareIncident(t, 'Run of updates');
    const jobs = await watchJobs(t.queuePrefix);
    const add = vi.spyOn(t.bot.scheduler.queue, 'add');
    const remove = vi.spyOn(t.bot.scheduler.queue, 'remove');
    for (const text of ['update Looking', 'update Found it', 'update Rolling back']) await run(t, channelId, text);
    // The first update replaces the declaration's job; the next two follow it directly and leave it to wake up.
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove).toHaveBeenCalledTimes(1);
    const incident = (await findIncidentByChannel(channelId))!;

    const reminder = await t.slack.waitForCall('chat.postMessage', isReminder(channelId), 15_000);
    expect(reminder.at.getTime()).toBeGreaterThanOrEqual(incident.nextUpdateDueAt!.getTime());
    expect(jobs.outcomes.filter((outcome) => outcome.result === 'stale')).toHaveLength(1);
    const reminders = await TimelineEntryModel.find({ incidentId: incident._id, kind: 'reminder' }).lean();
    expect(reminders.map((entry) => entry.promise?.dueAt)).toEqual([incident.nextUpdateDueAt]);
  });

  it('never fires after the incident is resolved: its pending job is removed', async () => {
    const t = await bot();
    const channelId = await declareIncident(t, 'Resolved quickly');
    expect(await t.bot.scheduler.queue.getJobCounts('delayed')).toEqual({ delayed: 1 });
    await run(t, channelId, 'status resolved All good');
    expect(await t.bot.scheduler.queue.getJobCounts('delayed', 'waiting', 'active')).toEqual({ delayed: 0, waiting: 0, active: 0 });
  });

  it('a job whose promise was renewed or whose incident was resolved elsewhere does nothing', async () => {
    const a = await bot({ env: { UPDATE_INTERVAL: '2s', MANAGER_USER_IDS: '' } });
    // Another replica changes the incidents, so the job queued by the first one is left behind.
    const b = await bot({ env: { UPDATE_INTERVAL: '2s', MANAGER_USER_IDS: '' }, slack: a.slack, database: a.database, queuePrefix: a.queuePrefix, role: 'web' });
    const jobs = await watchJobs(a.queuePrefix);
    const resolved = await declareIncident(a, 'Resolved elsewhere');
    const renewed = await declareIncident(a, 'Renewed elsewhere');
    await run(b, resolved, 'status resolved Fixed');
    await run(b, renewed, 'update --next 1h Still on it');
    await jobs.until((outcome) => outcome.result === 'stale');
    await jobs.until(() => jobs.outcomes.filter((outcome) => outcome.result === 'stale').length >= 2);
    expect(a.slack.callsTo('chat.postMessage').filter((call) => isReminder(resolved)(call) || isReminder(renewed)(call))).toHaveLength(0);
  });

  it('turns reminders off with remind off, and snoozes with snooze', async () => {
    const t = await bot({ env: { UPDATE_INTERVAL: '30m' } });
    const channelId = await declareIncident(t, 'Cadence');
    await run(t, channelId, 'remind off');
    expect((await findIncidentByChannel(channelId))!.nextUpdateDueAt).toBeUndefined();
    expect((await run(t, channelId, 'snooze 10m')).replies[0]?.text).toMatch(/Reminders are off/);
    await run(t, channelId, 'remind 20m');
    const renewed = (await findIncidentByChannel(channelId))!;
    expect(renewed.cadenceMs).toBe(20 * 60_000);
    await run(t, channelId, 'snooze 10m');
    const snoozed = (await findIncidentByChannel(channelId))!;
    expect(snoozed.nextUpdateDueAt!.getTime() - renewed.nextUpdateDueAt!.getTime()).toBe(10 * 60_000);
    expect((await run(t, channelId, 'remind soon')).json?.text).toContain('is not a duration');
  });

  it('Snooze 15m on the reminder pushes the promise; Post update opens the update modal', async () => {
    const t = await bot({ env: { MANAGER_USER_IDS: '' } });
    const channelId = await declareIncident(t, 'Buttons');
    const reminder = await t.slack.waitForCall('chat.postMessage', isReminder(channelId));
    const elements = (reminder.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .find((block) => block.type === 'actions')!.elements!;
    const click = (actionId: string) =>
      t.sender.interaction({
        ...t.sender.interactionBase('U0BOB'),
        type: 'block_actions',
        container: { type: 'message', channel_id: channelId, message_ts: reminder.result.ts },
        channel: { id: channelId },
        actions: elements.filter((element) => element.action_id === actionId).map((element) => ({ ...element, type: 'button', action_ts: '1' })),
      });

    const before = Date.now();
    await click('reminder_snooze');
    await click('reminder_snooze');
    await t.settle();
    const incident = (await findIncidentByChannel(channelId))!;
    expect(incident.nextUpdateDueAt!.getTime()).toBeGreaterThanOrEqual(before + 15 * 60_000);
    expect(incident.nextUpdateDueAt!.getTime()).toBeLessThan(before + 16 * 60_000);
    expect(await TimelineEntryModel.countDocuments({ incidentId: incident._id, event: 'snoozed' })).toBe(1);

    await click('incident_post_update');
    await t.settle();
    expect((t.slack.callsTo('views.open').at(-1)!.args.view as { callback_id: string }).callback_id).toBe('incident_update');
  });

  it('delivers the pending reminder once after the bot stops and Redis loses everything', async () => {
    const first = await bot({ env: { UPDATE_INTERVAL: '5s', MANAGER_USER_IDS: '' } });
    const channelId = await declareIncident(first, 'Survives a wipe');
    const { slack, database, queuePrefix } = first;
    await first.bot.stop();
    await deleteQueueKeys(queuePrefix);

    await bot({ env: { UPDATE_INTERVAL: '5s', MANAGER_USER_IDS: '' }, slack, database, queuePrefix });
    const jobs = await watchJobs(queuePrefix);
    await slack.waitForCall('chat.postMessage', isReminder(channelId), 15_000);
    // Then the repeat a cadence later: the first reminder must not have come twice before it.
    await jobs.until((outcome) => outcome.jobId.endsWith('_1') && outcome.result === 'sent', 20_000);
    const incident = (await findIncidentByChannel(channelId))!;
    const reminders = await TimelineEntryModel.find({ incidentId: incident._id, kind: 'reminder' }).lean();
    expect(reminders.map((entry) => entry.dedupeKey!.split(':').at(-1))).toEqual(['0', '1']);
    expect(slack.callsTo('chat.postMessage').filter(isReminder(channelId))).toHaveLength(2);
  });

  it('sends each reminder once with two replicas on one Redis', async () => {
    const a = await bot({ env: { MANAGER_USER_IDS: '' } });
    const b = await bot({ env: { MANAGER_USER_IDS: '' }, slack: a.slack, database: a.database, queuePrefix: a.queuePrefix });
    const channels = await Promise.all([declareIncident(a, 'Replica one'), declareIncident(b, 'Replica two')]);
    for (const channelId of channels) {
      await a.slack.waitForCalls('chat.postMessage', 2, isReminder(channelId), 20_000);
    }
    // Both replicas reconciled at start and on every reconnect; still one reminder per step.
    for (const channelId of channels) {
      const incident = (await findIncidentByChannel(channelId))!;
      const keys = (await TimelineEntryModel.find({ incidentId: incident._id, kind: 'reminder' }).lean()).map((entry) => entry.dedupeKey);
      expect(new Set(keys).size).toBe(keys.length);
      const posts = a.slack.callsTo('chat.postMessage').filter(isReminder(channelId));
      expect(posts.length).toBe(keys.length);
    }
  });
});

import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { BLOCK_IDS } from '../../src/blocks/ids.js';
import { takeReminderStep } from '../../src/flows/remind.js';
import { recordUpdate } from '../../src/services/updates.js';
import { testDepsForFile } from '../support/deps.js';
import { declareAt, minutesAfter, THIRTY_MINUTES } from '../support/incident-factory.js';

const t = testDepsForFile({ MANAGER_USER_IDS: 'U0MANAGER' });

const hasBlock = (id: string) => (call: { args: Record<string, unknown> }) =>
  JSON.stringify(call.args.blocks ?? []).includes(`"block_id":"${id}"`);

describe('the remind flow', () => {
  it('a due reminder is recorded once, posted in the channel, and its next step scheduled', async () => {
    const declared = new Date(Date.now() - 40 * 60_000);
    const incident = await declareAt(declared);
    t.slack.addChannel(incident.channelName, [t.slack.botUserId], incident.channelId);
    const step = { kind: 'remind' as const, dueAt: incident.nextUpdateDueAt!, index: 0, fireAt: incident.nextUpdateDueAt! };

    expect(await takeReminderStep(t.deps, String(incident._id), step)).toBe('sent');
    expect(await takeReminderStep(t.deps, String(incident._id), step)).toBe('stale');
    const posts = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === incident.channelId);
    expect(posts.filter(hasBlock(BLOCK_IDS.reminderActions))).toHaveLength(1);
    expect(await TimelineEntryModel.countDocuments({ incidentId: incident._id, kind: 'reminder' })).toBe(1);
    expect(t.scheduled.at(-1)?.remindersSent).toBe(1);
  });

  it('a step whose promise an update renewed does nothing', async () => {
    const declared = new Date(Date.now() - 40 * 60_000);
    const incident = await declareAt(declared);
    const step = { kind: 'remind' as const, dueAt: incident.nextUpdateDueAt!, index: 0, fireAt: incident.nextUpdateDueAt! };
    await recordUpdate(incident, { text: 'Rolled back', userId: 'U0BOB', now: minutesAfter(declared, 29) }, THIRTY_MINUTES);
    const before = t.slack.calls.length;
    expect(await takeReminderStep(t.deps, String(incident._id), step)).toBe('stale');
    expect(t.slack.calls.slice(before)).toEqual([]);
  });

  it('steps that fall due together read their incidents in one query, and each is taken once', async () => {
    const declared = new Date(Date.now() - 40 * 60_000);
    const incidents = await Promise.all(Array.from({ length: 5 }, () => declareAt(declared)));
    for (const incident of incidents) t.slack.addChannel(incident.channelName, [t.slack.botUserId], incident.channelId);
    const step = (incident: (typeof incidents)[number]) => ({ kind: 'remind' as const, dueAt: incident.nextUpdateDueAt!, index: 0, fireAt: incident.nextUpdateDueAt! });
    const reads: string[] = [];
    mongoose.set('debug', (collection: string, method: string) => {
      if (collection === 'incidents' && method.startsWith('find') && !method.includes('Update')) reads.push(method);
    });
    try {
      const outcomes = await Promise.all(incidents.map((incident) => takeReminderStep(t.deps, String(incident._id), step(incident))));
      expect(outcomes).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    } finally {
      mongoose.set('debug', false);
    }
    expect(reads).toEqual(['find']);
    for (const incident of incidents) {
      const posts = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === incident.channelId);
      expect(posts.filter(hasBlock(BLOCK_IDS.reminderActions))).toHaveLength(1);
    }
  });
});

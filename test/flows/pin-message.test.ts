import { describe, expect, it } from 'vitest';
import type { Incident } from '../../models/incident.js';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { pinMessage, unpinMessage } from '../../src/flows/pin-message.js';
import { testDepsForFile } from '../support/deps.js';
import { declareAt } from '../support/incident-factory.js';

const t = testDepsForFile();

async function incidentWithChannel(): Promise<Incident> {
  const incident = await declareAt(new Date());
  t.slack.addChannel(incident.channelName, [t.slack.botUserId, 'U0BOB'], incident.channelId);
  return incident;
}

/** Pins a message of Bob's as `user` would with the shortcut (the payload carries the message). */
function pinAs(incident: Incident, ts: string, text: string, user: string) {
  return pinMessage(t.deps, {
    channelId: incident.channelId,
    ts,
    pinnedBy: user,
    source: 'shortcut',
    message: { text, user: 'U0BOB' },
  });
}

describe('the pin flow', () => {
  it('makes one entry and one copy when ten people pin a message at once, and remembers all ten', async () => {
    const incident = await incidentWithChannel();
    const message = t.slack.postAsUser(incident.channelId, 'U0BOB', 'disk full on db-3');
    const people = Array.from({ length: 10 }, (_, i) => `U0PERSON${i}`);

    const outcomes = await Promise.all(people.map((user) => pinAs(incident, message.ts, message.text, user)));

    expect(outcomes.map((outcome) => outcome?.kind).sort()).toEqual([
      'added',
      ...Array<string>(9).fill('joined'),
    ]);
    const entries = await TimelineEntryModel.find({ incidentId: incident._id, kind: 'pinned' }).lean();
    expect(entries).toHaveLength(1);
    expect([...entries[0]!.pinnedBy!].sort()).toEqual([...people].sort());
    expect(entries[0]!.pinHistory).toHaveLength(10);
    const copies = t.slack
      .callsTo('chat.postMessage')
      .filter((call) => call.args.channel === incident.channelId);
    expect(copies).toHaveLength(1);
    expect(entries[0]!.echo).toEqual({ channelId: incident.channelId, ts: copies[0]!.result.ts });
  });

  it('ends in the timeline, its copy saying so, when the last pin is taken back while someone else pins it', async () => {
    const incident = await incidentWithChannel();
    for (let round = 0; round < 5; round += 1) {
      const message = t.slack.postAsUser(incident.channelId, 'U0BOB', `race ${round}`);
      await pinAs(incident, message.ts, message.text, 'U0ALICE');

      await Promise.all([
        unpinMessage(t.deps, { channelId: incident.channelId, ts: message.ts, userId: 'U0ALICE' }),
        pinAs(incident, message.ts, message.text, 'U0CAROL'),
      ]);

      const entry = await TimelineEntryModel.findOne({ 'slack.ts': message.ts }).lean();
      expect(entry!.pinnedBy).toEqual(['U0CAROL']);
      expect(entry!.unpinnedAt).toBeUndefined();
      const copy = t.slack.state.message(incident.channelId, entry!.echo!.ts)!;
      expect(JSON.stringify(copy.blocks)).not.toContain('removed from the timeline');
    }
  });

  it('leaves the copy showing the latest state when an older update of it reaches Slack last', async () => {
    const incident = await incidentWithChannel();
    const message = t.slack.postAsUser(incident.channelId, 'U0BOB', 'slow copy');
    await pinAs(incident, message.ts, message.text, 'U0ALICE');
    const held = t.slack.hold('chat.update');

    const unpinning = unpinMessage(t.deps, {
      channelId: incident.channelId,
      ts: message.ts,
      userId: 'U0ALICE',
    });
    await held.arrived; // the copy saying "removed" is on its way, slowly
    expect(await pinAs(incident, message.ts, message.text, 'U0CAROL')).toMatchObject({ kind: 'restored' });
    held.release();
    expect(await unpinning).toMatchObject({ kind: 'removed' });

    const entry = await TimelineEntryModel.findOne({ 'slack.ts': message.ts }).lean();
    expect(entry!.unpinnedAt).toBeUndefined();
    const copy = t.slack.state.message(incident.channelId, entry!.echo!.ts)!;
    expect(JSON.stringify(copy.blocks)).toContain('slow copy');
    expect(JSON.stringify(copy.blocks)).not.toContain('removed from the timeline');
  });

  it('records nothing for a message of the bot’s own', async () => {
    const incident = await incidentWithChannel();
    const own = t.slack.postAsBot(incident.channelId, 'Public update — we rolled back');
    expect(
      await pinMessage(t.deps, {
        channelId: incident.channelId,
        ts: own.ts,
        pinnedBy: 'U0ALICE',
        source: 'reaction',
      }),
    ).toEqual({
      kind: 'own-post',
    });
    expect(await TimelineEntryModel.countDocuments({ incidentId: incident._id, kind: 'pinned' })).toBe(0);
  });
});

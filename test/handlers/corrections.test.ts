import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { blockText, declareIncident, run } from '../support/incidents.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({ env: { UPDATE_INTERVAL: '30m', MANAGER_USER_IDS: '' } });
});

afterAll(async () => {
  await t?.close();
});

/** The number `/incident timeline` gives the entry whose text contains `text`. */
async function numberOf(channelId: string, text: string): Promise<number> {
  const timeline = await run(t, channelId, 'timeline');
  const texts = timeline.replies.flatMap((reply) =>
    ((reply.blocks ?? []) as Array<{ text?: { text: string } }>).flatMap((block) => (block.text ? [block.text.text] : [])),
  );
  const item = texts.flatMap((section) => section.split('\n\n')).find((candidate) => candidate.includes(text));
  const number = /`#(\d+)`/.exec(item ?? '')?.[1];
  if (!number) throw new Error(`no numbered entry with “${text}” in ${JSON.stringify(timeline.replies)}`);
  return Number(number);
}

function draft(channelName: string): string {
  return [...t.slack.files.values()].filter((file) => file.filename === `postmortem-${channelName}-en.md`).at(-1)!.content.toString('utf8');
}

describe('corrections', () => {
  it('numbers the timeline; a person edits their own update: the post shows it, the promise follows its new words, the draft keeps the earlier text', async () => {
    const channelId = await declareIncident(t, 'Typo in an update');
    await run(t, channelId, 'update We rolled back at 14:50. Another update within 30 minutes.');
    const number = await numberOf(channelId, 'We rolled back at 14:50');
    const before = (await findIncidentByChannel(channelId))!;

    const edited = await run(t, channelId, `edit ${number} We rolled back at 14:05. Another update within 60 minutes.`);
    expect(edited.replies.map((reply) => reply.text)).toEqual([
      `:pencil2: Entry #${number} is corrected; the earlier text is kept in the timeline.`,
    ]);
    const entry = (await TimelineEntryModel.findOne({ incidentId: before._id, kind: 'update' }).lean())!;
    expect(entry.text).toBe('We rolled back at 14:05. Another update within 60 minutes.');
    expect(entry.revisions.map((revision) => revision.text)).toEqual(['We rolled back at 14:50. Another update within 30 minutes.']);
    const post = t.slack.callsTo('chat.update').filter((call) => blockText(call).includes(`"block_id":"entry_${String(entry._id)}"`)).at(-1)!;
    expect(blockText(post)).toContain('We rolled back at 14:05');
    expect(blockText(post)).toContain('(edited)');
    const after = (await findIncidentByChannel(channelId))!;
    expect(after.nextUpdateDueAt!.getTime() - before.nextUpdateDueAt!.getTime()).toBe(30 * 60_000);

    await run(t, channelId, 'postmortem en');
    const markdown = draft(after.channelName);
    const timeline = markdown.slice(markdown.indexOf('## Timeline'), markdown.indexOf('## Root cause analysis'));
    expect(timeline).toContain('We rolled back at 14:05');
    expect(timeline).not.toContain('14:50');
  });

  it('refuses to correct someone else’s entry, unless the commander asks', async () => {
    const channelId = await declareIncident(t, 'Someone else’s note', { user: 'U0ALICE' });
    await run(t, channelId, 'note Bob saw the errors first', 'U0BOB');
    const number = await numberOf(channelId, 'Bob saw the errors first');
    const refused = await run(t, channelId, `edit ${number} Carol saw them first`, 'U0CAROL');
    expect(String(refused.replies[0]?.text)).toContain('only they or the commander can correct it');
    const byCommander = await run(t, channelId, `edit ${number} Bob saw the errors first, at 14:02`, 'U0ALICE');
    expect(byCommander.replies.map((reply) => reply.text)).toEqual([`:pencil2: Entry #${number} is corrected; the earlier text is kept in the timeline.`]);
    const notice = await run(t, channelId, 'edit 1 Declared by mistake');
    expect(String(notice.replies[0]?.text)).toContain('only updates, status texts and notes can be corrected');
  });

  it('retracts an update recorded by mistake: out of the public timeline and the figures, kept in the appendix as retracted', async () => {
    const channelId = await declareIncident(t, 'Wrong incident');
    await run(t, channelId, 'update This belonged to another incident.');
    await run(t, channelId, 'update The real update.');
    const number = await numberOf(channelId, 'This belonged to another incident');
    const retracted = await run(t, channelId, `retract ${number}`);
    expect(retracted.replies.map((reply) => reply.text)).toEqual([
      `:wastebasket: Entry #${number} is retracted: it left the public timeline and stays in the internal appendix.`,
    ]);
    const again = await run(t, channelId, `retract ${number}`);
    expect(String(again.replies[0]?.text)).toContain('already retracted');

    const incident = (await findIncidentByChannel(channelId))!;
    await run(t, channelId, 'postmortem en');
    const markdown = draft(incident.channelName);
    const timeline = markdown.slice(markdown.indexOf('## Timeline'), markdown.indexOf('## Root cause analysis'));
    expect(timeline).not.toContain('This belonged to another incident');
    expect(timeline).toContain('The real update.');
    expect(markdown).toContain('- **Public updates**: 1');
    const appendix = markdown.slice(markdown.indexOf('## Internal appendix'));
    expect(appendix).toMatch(/retracted.*This belonged to another incident|This belonged to another incident.*retracted/);
  });
});

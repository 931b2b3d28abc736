import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playScenario, type PlayResult } from '../../src/demo/engine.js';
import { botEnvironment, loadScenario, userIdOf, type Scenario } from '../../src/demo/scenario.js';
import { startLocalSlack } from '../../src/local-slack/workspace.js';
import { startTestBot, type TestBot } from '../support/harness.js';

let t: TestBot;
let scenario: Scenario;
let result: PlayResult;
// Every {{now-…}} of the scenario reads this clock, so the expected times are known exactly.
const now = DateTime.utc().startOf('minute').toJSDate();
const ago = (minutes: number) => DateTime.fromJSDate(now, { zone: 'UTC' }).minus({ minutes });

beforeAll(async () => {
  const bundled = await loadScenario('scenarios/checkout-payments.yml');
  // A shorter cadence than the demo's own keeps the test quick; the story is the same.
  scenario = { ...bundled, settings: { ...bundled.settings, updateInterval: '4s', escalationGrace: '2s' } };
  const slack = await startLocalSlack({ users: scenario.people.map((person) => ({ id: userIdOf(person.name), ...person })) });
  t = await startTestBot({ slack, env: botEnvironment(scenario) });
  result = await playScenario(scenario, t, { locales: ['en', 'fr'], now: () => now });
}, 60_000);

afterAll(async () => {
  await t?.close();
  await t?.slack.close();
});

const stamp = (moment: DateTime, locale: string) =>
  `${moment.setLocale(locale).toFormat('d MMMM yyyy HH:mm')} UTC | ` +
  `${moment.setZone('America/Los_Angeles').setLocale(locale).toFormat('d MMMM yyyy HH:mm')} ` +
  moment.setZone('America/Los_Angeles').setLocale('en-US').offsetNameShort;

describe('the demo scenario engine, on the bundled checkout scenario', () => {
  it('shows the commander reminded in the channel, then the manager pinged by DM', () => {
    const channel = `#${t.slack.channels.get(result.incidentChannelId!)!.name}`;
    expect(channel).toMatch(/^#inc-\d{8}-card-payments-fail-at-checkout$/);
    const reminder = result.transcript.findIndex(
      (line) => line.where === channel && line.author === 'Incident Timeline' && line.text.startsWith(':alarm_clock: @alice'),
    );
    const dm = result.transcript.findIndex((line) => line.where === 'DM → maria' && line.text.includes('has had no public update'));
    expect(reminder).toBeGreaterThan(-1);
    expect(dm).toBeGreaterThan(reminder);
    expect(result.transcript[reminder]!.text).toContain('[Post update] [Snooze 15m]');
    expect(result.transcript[dm]!.text).toContain(`Channel: ${channel}`);
    expect(result.transcript.filter((line) => line.where === channel).map((line) => line.text).join('\n')).toContain('a manager was told by direct message');
  });

  it('shows what people typed and what the bot posted, mentions as names, nothing escaped', () => {
    const typed = result.transcript.filter((line) => line.kind === 'typed').map((line) => `${line.author}: ${line.text}`);
    expect(typed).toContain('alice: /incident declare Card payments fail at checkout --sev 2');
    expect(typed).toContain('alice: reacted :pushpin: to bob\'s message');
    const texts = result.transcript.map((line) => line.text).join('\n');
    expect(texts).toContain('@carol is now Comms lead');
    expect(texts).not.toMatch(/<@U|&lt;|&amp;|<!date/);
  });

  it('writes an English and a French draft whose summary window and timeline are stamped in UTC and Pacific time', () => {
    expect(result.drafts.map((draft) => draft.locale).sort()).toEqual(['en', 'fr']);
    const en = result.drafts.find((draft) => draft.locale === 'en')!.markdown;
    expect(en.split('\n')[0]).toBe('# Card payments fail at checkout');
    expect(en).toContain(
      `On ${ago(27).toFormat('d MMMM yyyy')}, from ${ago(27).toFormat('HH:mm')} UTC to ${ago(0).toFormat('HH:mm')} UTC` +
        `${ago(27).hasSame(ago(0), 'day') ? '' : ` on ${ago(0).toFormat('d MMMM yyyy')}`}, customers paying by card could not complete checkout`,
    );
    const timeline = en.slice(en.indexOf('## Timeline'), en.indexOf('## Root cause analysis'));
    // Updates in the same minute share one stamp: the first is the backdated one, 20 minutes ago.
    const stamps = timeline.split('\n').filter((line) => line.startsWith('### '));
    expect(stamps[0]).toBe(`### ${stamp(ago(20), 'en')}`);
    expect(timeline.split('\n').filter((line) => /^(\*\*\w+\*\* – )?We |^\*\*/.test(line))).toHaveLength(3);
    expect(timeline).toContain('We are investigating failed card payments at checkout.');
    expect(timeline.indexOf('**Identified**')).toBeLessThan(timeline.indexOf('**Monitoring**'));
    // The internal update stays out of the public timeline; the pinned message goes to the appendix.
    expect(timeline).not.toContain('Rollback of gateway config v412 done');
    expect(en.slice(en.indexOf('## Internal appendix'))).toContain('Gateway config v412 went out 30 minutes ago');
    expect(en).toContain('- **Impact duration**: 27 min');
    expect(en).toContain('- **Public updates**: 3');
    expect(en).toContain('- **Update promises kept / broken**: 1 / 1');
    expect(en).toMatch(/Alert when the card payment failure rate passes 5% for three minutes \[Planned\]/);

    const fr = result.drafts.find((draft) => draft.locale === 'fr')!.markdown;
    expect(fr).toContain('## Chronologie');
    // The French day and month words are tested on fixed dates (the 1st of a month reads "1er"); here, the times.
    const pacific = ago(20).setZone('America/Los_Angeles');
    const frStamp = fr.split('\n').find((line) => line.startsWith('### '));
    expect(frStamp).toMatch(
      new RegExp(`^### .+ ${ago(20).toFormat('yyyy HH:mm')} UTC \\| .+ ${pacific.toFormat('yyyy HH:mm')} ${pacific.offsetNameShort}$`),
    );
  });
});

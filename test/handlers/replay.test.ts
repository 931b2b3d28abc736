import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import { isDirectMessageWith } from '../support/action-items.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { botPosts, declareIncident, run } from '../support/incidents.js';
import { reminderAttemptIn } from '../support/predicates.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({ env: { UPDATE_INTERVAL: '30m', ESCALATION_GRACE: '15m', MANAGER_USER_IDS: 'U0MANAGER' } });
});

afterAll(async () => {
  await t?.close();
});

describe('replaying a published incident afterwards', () => {
  it('gives the figures the live incident had: the telephony outage, resolved at 04:10 UTC', async () => {
    const channelId = await declareIncident(t, 'Talk: calls could not be made or received', { flags: '--sev 1' });
    for (const command of [
      'impact start 2024-09-10T22:57Z',
      'impact end 2024-09-11T04:09Z',
      'update --at 2024-09-11T01:20Z We are investigating problems with Talk calls in several regions. More to follow.',
      'update --at 2024-09-11T01:41:30Z We are working with our telephony partner on calls that cannot be made or received. ' +
        'We will provide another update in the next 30 minutes.',
      'update --at 2024-09-11T02:03Z Our partner has confirmed a problem and is investigating on their side. ' +
        'We will provide an update in another 30 minutes, or sooner if we learn more.',
      'status identified --at 2024-09-11T02:33:40Z Our partner has found a likely cause in its voice SDK and is working on a fix; ' +
        'some customers report recovery. More details within the next 60 minutes.',
      'status monitoring --at 2024-09-11T03:01Z Talk calls should now complete normally. We are monitoring and will post a final update once resolved.',
      'status resolved --at 2024-09-11T04:10Z The Talk call issues are resolved. Thank you for your patience.',
    ]) {
      const response = await run(t, channelId, command);
      expect(response.json?.text, command).toBeUndefined();
    }
    const incident = (await findIncidentByChannel(channelId))!;
    expect(incident.resolvedAt).toEqual(new Date('2024-09-11T04:10:00Z'));
    // Promises two years old are history: nobody is reminded or paged about them.
    expect(t.slack.callsTo('chat.postMessage').filter(reminderAttemptIn(channelId))).toEqual([]);
    expect(t.slack.callsTo('chat.postMessage').filter((call) => isDirectMessageWith(t, call.args.channel, 'U0MANAGER'))).toEqual([]);

    await run(t, channelId, 'postmortem en');
    const draft = [...t.slack.files.values()]
      .find((file) => file.filename === `postmortem-${incident.channelName}-en.md`)!
      .content.toString('utf8');
    expect(draft).toContain('- **Time to resolve (from impact start)**: 5 h 13 min');
    expect(draft).toContain('- **Update promises kept / broken**: 4 / 1');
    expect(draft).toMatch(/- \*\*Longest silence between public updates\*\*: 1 h 09 min \(11 September 2024 03:01 UTC → 04:10 UTC/);
  });
});

describe('the promise an update makes, as the channel reads it', () => {
  it.each([
    ['We will provide another update within 45 minutes.', 45, 'as promised in this update'],
    ['Nous publierons une nouvelle mise à jour dans les 60 prochaines minutes.', 60, 'as promised in this update'],
    ['Wir informieren Sie in den nächsten 20 Minuten erneut.', 20, 'as promised in this update'],
    ['Forniremo un aggiornamento entro 15 minuti.', 15, 'as promised in this update'],
    ['We will post an update within the next hour.', 60, 'as promised in this update'],
    ['We will provide another update within 45 minutes. --next 10m', 10, 'as set with `--next`'],
    ['Error rates are back to normal.', 30, 'the incident’s cadence'],
  ] as const)('“%s” → due %i minutes later', async (text, minutes, why) => {
    const channelId = await declareIncident(t, `Promise ${minutes} ${why.slice(0, 6)}`);
    await run(t, channelId, `update ${text}`);
    const incident = (await findIncidentByChannel(channelId))!;
    expect(incident.nextUpdateDueAt!.getTime() - incident.lastPublicUpdateAt!.getTime()).toBe(minutes * 60_000);
    const post = botPosts(t, channelId).at(-1)!;
    const due = Math.floor(incident.nextUpdateDueAt!.getTime() / 1000);
    expect(JSON.stringify(post.args.blocks)).toContain(`Next update due: <!date^${due}^`);
    expect(JSON.stringify(post.args.blocks)).toContain(`— ${why}`);
  });
});

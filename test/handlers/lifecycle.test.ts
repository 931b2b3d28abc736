import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { blockText, botPosts, declareIncident, run } from '../support/incidents.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({ env: { UPDATE_INTERVAL: '30m' } });
});

afterAll(async () => {
  await t?.close();
});

async function incidentIn(channelId: string) {
  const incident = await findIncidentByChannel(channelId);
  if (!incident) throw new Error(`no incident in ${channelId}`);
  return incident;
}

async function entriesIn(channelId: string) {
  const incident = await incidentIn(channelId);
  return TimelineEntryModel.find({ incidentId: incident._id }).sort({ occurredAt: 1, recordedAt: 1 }).lean();
}

describe('declare', () => {
  it('creates inc-YYYYMMDD-<slug>, invites the declarer, posts and pins the card, and replies with the channel', async () => {
    const today = DateTime.utc().toFormat('yyyyLLdd');
    const channelId = await declareIncident(t, 'Checkout fails for Café payments!', { user: 'U0BOB', flags: '--sev 2' });
    const channel = t.slack.channels.get(channelId)!;
    expect(channel.name).toBe(`inc-${today}-checkout-fails-for-cafe-payments`);
    expect([...channel.members]).toContain('U0BOB');

    const card = botPosts(t, channelId)[0]!;
    expect(blockText(card)).toContain('SEV2 · Incident #');
    expect(blockText(card)).toContain('Checkout fails for Café payments!');
    expect(blockText(card)).toContain('<@U0BOB>');
    expect([...channel.pins]).toContain(String(card.result.ts));

    const incident = await incidentIn(channelId);
    expect(incident).toMatchObject({ severity: 2, status: 'investigating', roles: { commander: 'U0BOB' } });
    expect(incident.nextUpdateDueAt!.getTime() - incident.declaredAt.getTime()).toBe(30 * 60_000);
  });

  it('gives a taken name a suffix', async () => {
    const first = await declareIncident(t, 'Same title');
    const second = await declareIncident(t, 'Same title');
    expect(t.slack.channels.get(second)!.name).toBe(`${t.slack.channels.get(first)!.name}-2`);
  });

  it('declares in the current channel with --here, joining it', async () => {
    const channel = t.slack.addChannel('payments-war-room', ['U0ALICE']);
    const response = await run(t, channel.id, 'declare --here Payments degraded');
    expect(response.replies[0]?.text).toMatch(/declared in <#/);
    expect([...channel.members]).toContain(t.slack.botUserId);
    expect((await incidentIn(channel.id)).title).toBe('Payments degraded');

    const again = await run(t, channel.id, 'declare --here Another one');
    expect(again.replies[0]?.text).toMatch(/already has incident/);
  });

  it('opens the declare modal without a title, and the modal declares with commander and summary', async () => {
    const before = t.slack.callsTo('views.open').length;
    await run(t, 'C0GENERAL', 'declare --sev 1');
    const opened = t.slack.callsTo('views.open')[before]!;
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe('incident_declare');
    expect(JSON.stringify(view.blocks)).toContain('"value":"1"');

    const submit = (title: string) =>
      t.sender.interaction({
        ...t.sender.interactionBase('U0CAROL'),
        type: 'view_submission',
        view: {
          id: `V${Date.now()}${title.length}`,
          callback_id: 'incident_declare',
          private_metadata: view.private_metadata,
          state: {
            values: {
              title: { title: { type: 'plain_text_input', value: title } },
              severity: { severity: { type: 'static_select', selected_option: { value: '1' } } },
              summary: { summary: { type: 'plain_text_input', value: 'Logins fail for EU users' } },
              commander: { commander: { type: 'users_select', selected_user: 'U0DAVE' } },
            },
          },
        },
      });

    const empty = await submit('   ');
    expect(empty.json).toEqual({ response_action: 'errors', errors: { title: 'Give the incident a title.' } });

    const pinsBefore = t.slack.callsTo('pins.add').length;
    await submit('Login outage');
    await t.settle();
    const channelId = String(t.slack.callsTo('pins.add')[pinsBefore]!.args.channel);
    const incident = await incidentIn(channelId);
    expect(incident).toMatchObject({ title: 'Login outage', severity: 1, roles: { commander: 'U0DAVE' }, declaredBy: 'U0CAROL' });
    expect(t.slack.channels.get(channelId)!.members).toEqual(new Set([t.slack.botUserId, 'U0CAROL', 'U0DAVE']));
    const entries = await entriesIn(channelId);
    expect(entries.filter((entry) => entry.public).map((entry) => entry.text)).toEqual(['Logins fail for EU users']);
  });
});

describe('update', () => {
  it('stores the update, posts it to the channel, renews the promise and updates the card', async () => {
    const channelId = await declareIncident(t, 'Update flow');
    const updatesBefore = t.slack.callsTo('chat.update').length;
    const response = await run(t, channelId, 'update --next 45m DNS is back, error rate falling');
    expect(response.status).toBe(200);
    expect(response.text).toBe('');

    const post = botPosts(t, channelId).at(-1)!;
    expect(blockText(post)).toContain('Public update');
    expect(blockText(post)).toContain('DNS is back, error rate falling');
    const incident = await incidentIn(channelId);
    expect(incident.nextUpdateDueAt!.getTime() - incident.lastPublicUpdateAt!.getTime()).toBe(45 * 60_000);
    expect(incident.lastPublicUpdateBy).toBe('U0ALICE');
    expect(t.slack.callsTo('chat.update').length).toBeGreaterThan(updatesBefore);
    expect(blockText(t.slack.callsTo('chat.update').at(-1)!)).toContain('Last public update');

    const entry = (await entriesIn(channelId)).find((e) => e.kind === 'update')!;
    expect(entry).toMatchObject({ public: true, authorId: 'U0ALICE', source: 'command' });
    // The post carries the entry's id, so a correction finds it again.
    expect(JSON.parse(JSON.stringify(post.args.blocks))[0]).toMatchObject({ block_id: `entry_${String(entry._id)}` });
  });

  it('records an internal update without renewing the promise, a backdated one promising from its own time, and refuses times in the future', async () => {
    const channelId = await declareIncident(t, 'Flags anywhere');
    const promised = (await incidentIn(channelId)).nextUpdateDueAt;
    await run(t, channelId, 'update --internal Paged the DB team');
    expect((await incidentIn(channelId)).nextUpdateDueAt).toEqual(promised);

    const at = DateTime.utc().minus({ minutes: 20 }).startOf('minute');
    const backdated = await run(t, channelId, `update Status page updated --at ${at.toFormat('HH:mm')} UTC`);
    const entries = await entriesIn(channelId);
    const updates = entries.filter((entry) => entry.kind === 'update');
    expect(updates.map((entry) => [entry.text, entry.public])).toEqual([
      ['Status page updated', true],
      ['Paged the DB team', false],
    ]);
    expect(updates[0]!.occurredAt.toISOString()).toBe(at.toJSDate().toISOString());
    // A 30-minute cadence from its own time: ten minutes are left.
    expect((await incidentIn(channelId)).nextUpdateDueAt).toEqual(at.plus({ minutes: 30 }).toJSDate());
    // Alice's Slack zone is Europe/Paris: the confirmation shows the time understood in UTC and in her zone.
    const paris = at.setZone('Europe/Paris');
    expect(backdated.replies.map((reply) => reply.text)).toEqual([
      `:clock3: Recorded as of ${at.toFormat('d LLL yyyy HH:mm')} UTC (${paris.toFormat(paris.hasSame(at, 'day') ? 'HH:mm' : 'd LLL HH:mm')} Europe/Paris).`,
    ]);

    const future = await run(t, channelId, 'update --at 2099-01-01T00:00Z From the future');
    expect(future.json?.text).toMatch(/is in the future/);
    expect((await entriesIn(channelId)).length).toBe(entries.length);
  });

  it('reads a bare HH:MM in the typist’s own zone and HH:MM CET as CET; refuses a zone it does not know', async () => {
    const channelId = await declareIncident(t, 'Zones');
    // Bob's Slack zone is America/Los_Angeles.
    const la = DateTime.now().setZone('America/Los_Angeles').minus({ minutes: 30 }).startOf('minute');
    await run(t, channelId, `note Bob local time --at ${la.toFormat('HH:mm')}`, 'U0BOB');
    const cet = DateTime.now().setZone('UTC+1').minus({ minutes: 40 }).startOf('minute');
    await run(t, channelId, `note Typed in CET --at ${cet.toFormat('HH:mm')} CET`);
    const notes = (await entriesIn(channelId)).filter((entry) => entry.kind === 'note');
    expect(Object.fromEntries(notes.map((entry) => [entry.text, entry.occurredAt.toISOString()]))).toEqual({
      'Bob local time': la.toUTC().toJSDate().toISOString(),
      'Typed in CET': cet.toUTC().toJSDate().toISOString(),
    });
    const refused = await run(t, channelId, 'note Somewhere else --at 10:00 Mars/Base');
    expect(String(refused.json?.text)).toContain('Mars/Base');
    expect((await entriesIn(channelId)).filter((entry) => entry.kind === 'note')).toHaveLength(2);
  });

  it('answers an empty update with its usage and records nothing', async () => {
    const channelId = await declareIncident(t, 'Empty update');
    const before = (await entriesIn(channelId)).length;
    const postsBefore = botPosts(t, channelId).length;
    const response = await run(t, channelId, 'update   ');
    expect(response.json?.response_type).toBe('ephemeral');
    expect(response.json?.text).toContain('Usage: `/incident update <text>');
    expect((await entriesIn(channelId)).length).toBe(before);
    expect(botPosts(t, channelId).length).toBe(postsBefore);
  });

  it('keeps all of 40 concurrent updates from two people, each acknowledged within Slack’s limit', async () => {
    const channelId = await declareIncident(t, 'Forty at once');
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.sender.command(`update Progress report ${i}`, { channel: channelId, user: i % 2 ? 'U0ALICE' : 'U0BOB' }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
    expect(Math.max(...responses.map((response) => response.elapsedMs))).toBeLessThan(3000);
    await t.settle();
    const texts = (await entriesIn(channelId)).filter((entry) => entry.kind === 'update').map((entry) => entry.text);
    expect(texts.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `Progress report ${i}`).sort());

    const timeline = await run(t, channelId, 'timeline');
    const shown = timeline.replies.map((reply) => JSON.stringify(reply.blocks)).join('');
    for (let i = 0; i < 40; i += 1) expect(shown).toContain(`Progress report ${i}`);
  });

  it('keeps people, channels and links live, makes broadcasts inert, and escapes the rest exactly once', async () => {
    const channelId = await declareIncident(t, 'Wire format');
    await run(
      t,
      channelId,
      'update Handing over to <@UBOB|bob> in <#C0OPS|ops>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt; ' +
        '<!channel> <!subteam^S123|@oncall>',
      'U0ALICE',
      { wire: true },
    );
    const post = botPosts(t, channelId).at(-1)!;
    const text = blockText(post);
    expect(text).toContain('Handing over to <@UBOB> in <#C0OPS>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;');
    expect(text).toContain('@\u2060channel @\u2060oncall');
    expect(text).not.toMatch(/<!(channel|here|everyone|subteam)/);
    expect(text).not.toContain('&amp;amp;');
    expect(String(post.args.text)).not.toMatch(/<!(channel|here|everyone|subteam)/);
    expect(post.args.link_names).toBeUndefined();
  });
});

describe('status, severity, roles, notes, impact, postmortem fields, actions', () => {
  it('changes status with a public update, and resolving stops the promise', async () => {
    const channelId = await declareIncident(t, 'Status flow');
    await run(t, channelId, 'status identified Bad deploy found, rolling back');
    let incident = await incidentIn(channelId);
    expect(incident.status).toBe('identified');
    expect(incident.lastPublicUpdateAt).toBeInstanceOf(Date);
    const resolving = Date.now();
    await run(t, channelId, 'status resolved');
    incident = await incidentIn(channelId);
    expect(incident).toMatchObject({ status: 'resolved' });
    expect(incident.nextUpdateDueAt).toBeUndefined();
    expect(incident.resolvedAt!.getTime()).toBeGreaterThanOrEqual(resolving);
    const bad = await run(t, channelId, 'status fixed');
    expect(bad.json?.text).toContain('`fixed` is not a status');
  });

  it('changes severity and brings the next update forward with a shorter cadence', async () => {
    const fast = await startTestBot({ env: { UPDATE_INTERVALS: 'sev1=5m,sev3=60m' }, slack: t.slack, database: t.database });
    try {
      const channelId = await declareIncident(fast, 'Getting worse');
      const before = (await incidentIn(channelId)).nextUpdateDueAt!;
      await run(fast, channelId, 'sev 1');
      const incident = await incidentIn(channelId);
      expect(incident.severity).toBe(1);
      expect(incident.nextUpdateDueAt!.getTime()).toBeLessThan(before.getTime());
      expect(incident.nextUpdateDueAt!.getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    } finally {
      await fast.close();
    }
    const channelId = await declareIncident(t, 'Bad severity');
    expect((await run(t, channelId, 'sev 9')).json?.text).toContain('not a severity');
  });

  it('assigns roles by mention, invites the person, and refuses mentions it cannot resolve', async () => {
    const channelId = await declareIncident(t, 'Roles');
    await run(t, channelId, 'role comms @carol');
    expect((await incidentIn(channelId)).roles.comms).toBe('U0CAROL');
    expect([...t.slack.channels.get(channelId)!.members]).toContain('U0CAROL');
    expect(blockText(t.slack.callsTo('chat.update').at(-1)!)).toContain('<@U0CAROL>');

    // Text Slack did not turn into a mention (it only does for names it knows).
    const bare = await run(t, channelId, 'role scribe @carol', 'U0ALICE', { wire: true });
    expect(JSON.stringify(bare.replies)).toContain('can’t tell who');
    const ghost = await run(t, channelId, 'role scribe <@U0GHOST>', 'U0ALICE', { wire: true });
    expect(JSON.stringify(ghost.replies)).toContain('is not a member of this workspace');
    expect((await incidentIn(channelId)).roles.scribe).toBeUndefined();
  });

  it('records notes, the impact window and text, cause, resolution and remediation items', async () => {
    const channelId = await declareIncident(t, 'Everything else');
    await run(t, channelId, 'note Customer X reported it first --at 00:00');
    await run(t, channelId, 'impact start 2024-09-10T22:57Z');
    await run(t, channelId, 'impact end 2024-09-11T04:09Z');
    await run(t, channelId, 'impact Customers in the EU could not log in');
    const cause = await run(t, channelId, 'cause An expired OAuth secret');
    expect(JSON.stringify(cause.replies)).toContain('Root cause recorded');
    await run(t, channelId, 'resolution Rotated the secret');
    await run(t, channelId, 'action Alert on expiring secrets @bob');
    await run(t, channelId, 'action Update the runbook');
    await run(t, channelId, 'action done 2');
    const outOfRange = await run(t, channelId, 'action done 7');
    expect(JSON.stringify(outOfRange.replies)).toContain('numbered 1 to 2');

    const incident = await incidentIn(channelId);
    expect(incident.impact).toMatchObject({
      startedAt: new Date('2024-09-10T22:57:00Z'),
      endedAt: new Date('2024-09-11T04:09:00Z'),
      text: 'Customers in the EU could not log in',
    });
    expect(incident).toMatchObject({ cause: 'An expired OAuth secret', resolution: 'Rotated the secret' });
    expect(incident.actions.map((a) => [a.text, a.ownerId, a.done])).toEqual([
      ['Alert on expiring secrets', 'U0BOB', false],
      ['Update the runbook', undefined, true],
    ]);
    const note = (await entriesIn(channelId)).find((entry) => entry.kind === 'note')!;
    expect(note).toMatchObject({ public: false, text: 'Customer X reported it first' });

    const badEnd = await run(t, channelId, 'impact end 2024-09-01T00:00Z');
    expect(JSON.stringify(badEnd.replies)).toContain('cannot end before it started');
  });
});

describe('timeline, list, help and channels without an incident', () => {
  it('shows the timeline in order with reader-local times and a UTC fallback', async () => {
    const channelId = await declareIncident(t, 'Timeline view');
    await run(t, channelId, 'update Second --at 2024-09-11T01:20Z');
    await run(t, channelId, 'note First --at 2024-09-11T01:10Z');
    const response = await run(t, channelId, 'timeline');
    const text = JSON.stringify(response.replies[0]!.blocks);
    expect(text.indexOf('First')).toBeLessThan(text.indexOf('Second'));
    expect(text).toContain(`<!date^${Date.parse('2024-09-11T01:10:00Z') / 1000}^{date_short} {time}|2024-09-11 01:10 UTC>`);
  });

  it('shows the latest 100 entries and says how many earlier ones exist', async () => {
    const channelId = await declareIncident(t, 'Long timeline');
    const incident = await incidentIn(channelId);
    const base = Date.parse('2024-01-01T00:00:00Z');
    await TimelineEntryModel.insertMany(
      Array.from({ length: 130 }, (_, i) => ({
        incidentId: incident._id,
        kind: 'note',
        text: `note ${String(i).padStart(3, '0')} ${'x'.repeat(500)}`,
        public: false,
        occurredAt: new Date(base + i * 60_000),
        recordedAt: new Date(),
        source: 'command',
      })),
    );
    const response = await run(t, channelId, 'timeline');
    const all = response.replies.map((reply) => JSON.stringify(reply.blocks)).join('');
    // 130 notes and the declaration (the newest entry): the latest 100 are the declaration and notes 031–129.
    expect(all).toContain('100 entries, 31 earlier not shown');
    expect(all).toContain('note 129');
    expect(all).toContain('note 031');
    expect(all).not.toContain('note 030');
    expect(all).toContain('…');
  });

  it('lists open incidents', async () => {
    await declareIncident(t, 'Listed one', { flags: '--sev 1' });
    const response = await run(t, 'C0GENERAL', 'list');
    const text = JSON.stringify(response.replies[0]);
    expect(text).toContain('Listed one');
    expect(text).toContain('SEV1');
  });

  it('tells people in a channel without an incident where to go', async () => {
    const channel = t.slack.addChannel('random', ['U0ALICE']);
    const response = await run(t, channel.id, 'update hello');
    expect(JSON.stringify(response.replies)).toContain('works in an incident channel');
  });

  it('lists every subcommand in help', async () => {
    const response = await t.sender.command('help');
    const text = JSON.stringify(response.json?.blocks);
    for (const name of ['declare', 'update', 'status', 'sev', 'role', 'note', 'impact', 'cause', 'resolution', 'action', 'timeline', 'list', 'help']) {
      expect(text).toContain(`/incident ${name}`);
    }
  });
});

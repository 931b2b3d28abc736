import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TimelineEntryModel, type TimelineEntry } from '../../models/timeline-entry.js';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { botPosts, declareIncident, run, timelineShortcut } from '../support/incidents.js';
import { expectNoBroadcast, mrkdwnTexts, refusedSince } from '../support/wire-format.js';

// Every surface a person's text reaches, fed Slack's wire format: people, channels and links must stay live,
// broadcasts and user groups must never notify, `&<>` must be escaped exactly once, and Slack must accept it all.

let t: TestBot;
let callsChecked = 0;

beforeAll(async () => {
  // SEV1 incidents promise an update every 2 s, so their escalation DM comes within seconds; the others wait 30 min.
  t = await startTestBot({
    env: {
      UPDATE_INTERVAL: '30m',
      UPDATE_INTERVALS: 'sev1=2s',
      ESCALATION_GRACE: '1s',
      MANAGER_USER_IDS: 'U0MANAGER',
    },
  });
  t.slack.addChannel('ops', [], 'C0OPS');
});

afterEach(() => {
  // Whatever people typed, Slack accepted everything the bot sent.
  const refused = refusedSince(t.slack, callsChecked);
  callsChecked = t.slack.calls.length;
  expect(refused).toEqual([]);
});

afterAll(async () => {
  await t?.close();
});

/** The issue's handover as Slack sends it: a person, a channel, a labelled link, and `&`, `<`, `>` typed. */
const HANDOVER =
  'Handing over to <@U0BOB|bob> in <#C0OPS|ops>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;';
/** @channel, @here, @everyone and the @oncall group, as Slack sends them when someone types them. */
const BROADCASTS = '<!channel> <!here> <!everyone> <!subteam^S0ONCALL|@oncall>';
/** The handover in the bot's mrkdwn: the person, the channel and the link live, `&<>` escaped once. */
const HANDOVER_MRKDWN =
  'Handing over to <@U0BOB> in <#C0OPS>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;';
/** The broadcasts as words that notify nobody: a word joiner after each `@`. */
const INERT = '@\u2060channel @\u2060here @\u2060everyone @\u2060oncall';

const wire = { wire: true } as const;

/** Runs a command as Alice with its text exactly as Slack sends it. */
function runWire(channelId: string, text: string, user = 'U0ALICE') {
  return run(t, channelId, text, user, wire);
}

/** The bot's posts in a channel after the first `from`. */
function postsSince(channelId: string, from: number) {
  return botPosts(t, channelId).slice(from);
}

/** The card as last sent: the latest chat.update of the channel, else the post that created it. */
function latestCard(channelId: string) {
  const updates = t.slack.callsTo('chat.update').filter((call) => call.args.channel === channelId);
  return updates.at(-1) ?? botPosts(t, channelId)[0]!;
}

async function entriesIn(channelId: string, kind: TimelineEntry['kind']) {
  const incident = await findIncidentByChannel(channelId);
  return TimelineEntryModel.find({ incidentId: incident!._id, kind })
    .sort({ occurredAt: 1, recordedAt: 1 })
    .lean();
}

/** The draft file of a channel's incident uploaded to the channel itself (the latest one). */
async function draftOf(channelId: string): Promise<string> {
  const incident = await findIncidentByChannel(channelId);
  const file = [...t.slack.files.values()]
    .filter(
      (candidate) => candidate.channel === channelId && candidate.filename.includes(incident!.channelName),
    )
    .at(-1);
  if (!file) throw new Error(`no draft uploaded in ${channelId}`);
  return file.content.toString('utf8');
}

describe('subcommand texts', () => {
  it('update, status, note, impact and action post people, channels and links live, broadcasts inert, escaped once', async () => {
    const channelId = await declareIncident(t, 'Subcommand texts');
    const cases = [
      ['update', 'Public update'],
      ['status identified', 'Status → Identified (public update)'],
      ['note', 'Note'],
      ['impact', 'Impact described'],
      ['action', 'Action item 1 added'],
    ] as const;
    for (const [command, label] of cases) {
      const before = botPosts(t, channelId).length;
      await runWire(
        channelId,
        `${command} ${HANDOVER} ${BROADCASTS}${command === 'action' ? ' <@U0DAVE|dave>' : ''}`,
      );
      const posts = postsSince(channelId, before);
      expect(posts, command).toHaveLength(1);
      const post = posts[0]!;
      expect(mrkdwnTexts(post.args.blocks), command).toContain(`${HANDOVER_MRKDWN} ${INERT}`);
      expect(post.args.text, command).toBe(`${label} — <@U0ALICE>: ${HANDOVER_MRKDWN} ${INERT}`);
      expectNoBroadcast(post.args);
    }

    const card = latestCard(channelId);
    expect(mrkdwnTexts(card.args.blocks)).toContain(
      `*Customer impact*\nwindow not set\n${HANDOVER_MRKDWN} ${INERT}`,
    );
    expectNoBroadcast(card.args);

    // Stored as Slack sent it, so the mentions keep their ids.
    expect((await entriesIn(channelId, 'note')).map((entry) => entry.text)).toEqual([
      `${HANDOVER} ${BROADCASTS}`,
    ]);
    const incident = await findIncidentByChannel(channelId);
    expect(incident!.actions.map((item) => [item.text, item.ownerId])).toEqual([
      [`${HANDOVER} ${BROADCASTS}`, 'U0DAVE'],
    ]);
  });

  it('the timeline shows every text live and inert, escaped once', async () => {
    const channelId = await declareIncident(t, 'Timeline texts');
    for (const command of ['update', 'note', 'impact'])
      await runWire(channelId, `${command} ${HANDOVER} ${BROADCASTS}`);
    const timeline = await run(t, channelId, 'timeline');
    expect(timeline.replies).toHaveLength(1);
    const lines = mrkdwnTexts(timeline.replies[0]!.blocks).join('\n').split('\n');
    expect(lines.filter((line) => line === `${HANDOVER_MRKDWN} ${INERT}`)).toHaveLength(3);
    expectNoBroadcast(timeline.replies[0]!);
  });

  it('cause and resolution are quoted back live and inert, and the close form gives them back as typed', async () => {
    const channelId = await declareIncident(t, 'Postmortem fields');
    for (const [command, heading] of [
      ['cause', 'Root cause recorded'],
      ['resolution', 'Resolution recorded'],
    ] as const) {
      const response = await runWire(channelId, `${command} ${HANDOVER} ${BROADCASTS}`);
      expect(response.replies).toHaveLength(1);
      const reply = response.replies[0]!;
      expect(reply.text).toMatch(
        new RegExp(`^:white_check_mark: ${heading} for the postmortem of incident #\\d+:\\n>`),
      );
      expect(String(reply.text).split('\n>')[1]).toBe(`${HANDOVER_MRKDWN} ${INERT}`);
      expectNoBroadcast(reply);
    }
    await runWire(channelId, `impact ${HANDOVER} ${BROADCASTS}`);
    await runWire(channelId, `action ${HANDOVER} ${BROADCASTS}`);

    const before = t.slack.callsTo('views.open').length;
    await run(t, channelId, 'close');
    type Input = {
      block_id?: string;
      element?: { initial_value?: string; options?: Array<{ text: { text: string } }> };
    };
    const view = t.slack.callsTo('views.open')[before]!.args.view as { blocks: Input[] };
    const inputs: Record<string, Input['element']> = Object.fromEntries(
      view.blocks.filter((block) => block.block_id).map((block) => [block.block_id!, block.element]),
    );
    // Modal inputs are raw text: what a person would type, entities decoded, nothing Slack could make live.
    const typed =
      'Handing over to @bob in #ops; see dashboard (https://grafana.example/d/1) & logs <prod> @channel @here @everyone @oncall';
    expect([
      inputs.cause?.initial_value,
      inputs.resolution?.initial_value,
      inputs.impact?.initial_value,
    ]).toEqual([typed, typed, typed]);
    expect(inputs.done_1?.options?.map((option) => option.text.text)).toEqual([
      '1. Handing over to @bob in #ops; see dashboard & logs <prod> @channel @her…',
    ]);
    expectNoBroadcast(view);
  });

  it('role takes a person’s mention and refuses a broadcast or a group without notifying anyone', async () => {
    const channelId = await declareIncident(t, 'Roles by mention');
    const before = botPosts(t, channelId).length;
    await runWire(channelId, 'role comms <@U0CAROL|carol>');
    const [post] = postsSince(channelId, before);
    expect(post!.args.text).toBe('<@U0CAROL> is now Comms lead — <@U0ALICE>');
    expect(mrkdwnTexts(latestCard(channelId).args.blocks)).toContain('*Comms lead*\n<@U0CAROL>');

    for (const [token, shown] of [
      ['<!here>', '@\u2060here'],
      ['<!subteam^S0ONCALL|@oncall>', '@\u2060oncall'],
    ] as const) {
      const refused = await runWire(channelId, `role scribe ${token}`);
      expect(refused.replies).toHaveLength(1);
      expect(refused.replies[0]!.text).toBe(
        `I can’t tell who \`${shown}\` is. Type @ and pick the person from Slack’s list, so the mention reaches me as a user.`,
      );
      expectNoBroadcast(refused.replies[0]!);
    }
    expect((await findIncidentByChannel(channelId))!.roles.scribe).toBeUndefined();
  });

  it('quotes a mistyped word back in usage replies without making a broadcast or group in it live', async () => {
    const channelId = await declareIncident(t, 'Usage replies');
    const word = '<!channel>&amp;&lt;x&gt;';
    const shown = '`@\u2060channel&amp;&lt;x&gt;`';
    const cases = [
      [`status ${word}`, `${shown} is not a status.`],
      [`sev ${word}`, `${shown} is not a severity: use 1 (most severe) to 4.`],
      [`role ${word} <@U0BOB|bob>`, `${shown} is not a role.`],
      [`remind ${word}`, `${shown} is not a duration: write it like \`20m\`.`],
      [`impact start ${word}`, `${shown} is not a time: use ISO 8601 (2024-09-11T01:20Z) or HH:MM [zone].`],
      [
        `update --at ${word} Rolled back`,
        `\`--at\`: ${shown} is not a time: use ISO 8601 (2024-09-11T01:20Z) or HH:MM [zone].`,
      ],
      [
        `postmortem <!subteam^S0ONCALL|@oncall>`,
        '`@\u2060oncall` is not a draft language: use en, fr, de, it.',
      ],
    ] as const;
    for (const [command, problem] of cases) {
      const response = await runWire(channelId, command);
      expect(response.json?.response_type, command).toBe('ephemeral');
      expect(String(response.json?.text).split('\nUsage: ')[0], command).toBe(problem);
      expectNoBroadcast(response.json!);
    }
    const unknown = await runWire(channelId, '<!channel>');
    expect(String(unknown.json?.text).split('\n')[0]).toBe('Unknown subcommand `@\u2060channel`.');
    expectNoBroadcast(unknown.json!);
  });

  it('treats `&amp;` a person typed as text: shown as typed in Slack and in the draft', async () => {
    const channelId = await declareIncident(t, 'Typed entities');
    const before = botPosts(t, channelId).length;
    // Typed, so Slack escapes every `&`: the bot receives `AT&amp;T writes &amp;amp; …`.
    await run(t, channelId, 'update AT&T writes &amp; where HTML needs & and <br> stays text');
    const [post] = postsSince(channelId, before);
    expect(mrkdwnTexts(post!.args.blocks)).toContain(
      'AT&amp;T writes &amp;amp; where HTML needs &amp; and &lt;br&gt; stays text',
    );
    expectNoBroadcast(post!.args, { typedEntities: true });

    await run(t, channelId, 'postmortem');
    expect(await draftOf(channelId)).toContain(
      'AT&T writes \\&amp; where HTML needs & and \\<br\\> stays text',
    );
  });
});

describe('declared titles', () => {
  /** A title with `&<>`, a `*`, a person, @here and the @oncall group, as Slack sends it. */
  const TITLE =
    'Checkout &amp; &lt;payments&gt; down on *.example.com for <@U0BOB|bob> <!here> <!subteam^S0ONCALL|@oncall>';
  const TITLE_MRKDWN =
    'Checkout &amp; &lt;payments&gt; down on *.example.com for <@U0BOB> @\u2060here @\u2060oncall';
  const TITLE_PLAIN = 'Checkout & <payments> down on *.example.com for @bob @here @oncall';

  async function declareWire(channelId: string, text: string): Promise<string> {
    const pins = t.slack.callsTo('pins.add').length;
    await runWire(channelId, text);
    const pin = t.slack.callsTo('pins.add')[pins];
    if (!pin) throw new Error(`nothing pinned after ${text}`);
    return String(pin.args.channel);
  }

  it('names the channel, the card, the list, App Home and the managers’ escalation DM without notifying anyone', async () => {
    const general = t.slack.channels.get('C0GENERAL') ?? t.slack.addChannel('general', [], 'C0GENERAL');
    const channelId = await declareWire(general.id, `declare ${TITLE} --sev 1`);
    const incident = (await findIncidentByChannel(channelId))!;
    expect(incident.title).toBe(TITLE);
    expect(t.slack.channels.get(channelId)!.name).toMatch(
      /^inc-\d{8}-checkout-payments-down-on-example-com-for-bob-here-oncall$/,
    );

    const card = botPosts(t, channelId)[0]!;
    const header = (card.args.blocks as Array<{ type: string; text?: { text: string } }>).find(
      (block) => block.type === 'header',
    )!;
    expect(header.text!.text).toBe(`SEV1 · Incident #${incident.number}: ${TITLE_PLAIN}`);
    expect(card.args.text).toBe(`SEV1 · Incident #${incident.number}: ${TITLE_MRKDWN} — Investigating`);
    expectNoBroadcast(card.args);

    const list = await run(t, general.id, 'list');
    const listed = mrkdwnTexts(list.replies[0]!.blocks).find((text) => text.includes(`<#${channelId}>`))!;
    expect(listed).toContain(`*#${incident.number}* ${TITLE_MRKDWN}\n`);
    expectNoBroadcast(list.replies[0]!);

    await t.sender.event({ type: 'app_home_opened', user: 'U0CAROL', channel: 'D0HOME', tab: 'home' });
    await t.settle();
    const home = t.slack.callsTo('views.publish').at(-1)!;
    expect(home.args.user_id).toBe('U0CAROL');
    expect(mrkdwnTexts(home.args.view).find((text) => text.includes(`<#${channelId}>`))).toContain(
      `*#${incident.number}* ${TITLE_MRKDWN}\n`,
    );
    expectNoBroadcast(home.args.view as Record<string, unknown>);

    // No update comes: 2 s later the channel is reminded, 1 s after that the manager gets a DM.
    const opened = await t.slack.waitForCall('conversations.open', (call) => call.args.users === 'U0MANAGER');
    const dmChannel = (opened.result.channel as { id: string }).id;
    const dm = await t.slack.waitForCall(
      'chat.postMessage',
      (call) => call.args.channel === dmChannel && call.result.ok === true,
    );
    // The title stays outside the bold, so its own `*` cannot end it; the fallback text keeps the `*` as typed.
    expect(mrkdwnTexts(dm.args.blocks)[0]).toMatch(
      new RegExp(
        `^:rotating_light: \\*SEV1 Incident #${incident.number}:\\* ${escapeRegExp(TITLE_MRKDWN)} has had no public update`,
      ),
    );
    expect(String(dm.args.text)).toMatch(
      new RegExp(
        `^:rotating_light: SEV1 Incident #${incident.number}: ${escapeRegExp(TITLE_MRKDWN)} has had no public update`,
      ),
    );
    expect(String(dm.args.text)).toContain(`Channel: <#${channelId}> · commander <@U0ALICE>`);
    expectNoBroadcast(dm.args);
    await run(t, channelId, 'status resolved');
  });

  it('declares with --here under the same title', async () => {
    const room = t.slack.addChannel('payments-war-room', ['U0ALICE']);
    const channelId = await declareWire(room.id, `declare --here ${TITLE}`);
    expect(channelId).toBe(room.id);
    const card = botPosts(t, room.id)[0]!;
    expect(card.args.text).toMatch(
      new RegExp(`^SEV3 · Incident #\\d+: ${escapeRegExp(TITLE_MRKDWN)} — Investigating$`),
    );
    expectNoBroadcast(card.args);
  });
});

describe('messages added to the timeline', () => {
  function reaction(channel: string, ts: string) {
    return {
      type: 'reaction_added',
      user: 'U0CAROL',
      reaction: 'pushpin',
      item: { type: 'message', channel, ts },
      item_user: 'U0BOB',
      event_ts: ts,
    };
  }

  it('pins a message by reaction as Slack sent it, follows its edit and deletion, and drafts it with names', async () => {
    const channelId = await declareIncident(t, 'Pinned texts');
    const message = t.slack.postAsUser(
      channelId,
      'U0BOB',
      'Rollback done @alice, see https://deploys.example/r/42?env=prod&region=eu in #ops @channel @oncall 5 < 6 & 7 > 3',
    );
    const before = botPosts(t, channelId).length;
    await t.sender.event(reaction(channelId, message.ts));
    await t.settle();
    const [post] = postsSince(channelId, before);
    const shown =
      'Rollback done <@U0ALICE>, see <https://deploys.example/r/42?env=prod&amp;region=eu> in <#C0OPS> @\u2060channel @\u2060oncall 5 &lt; 6 &amp; 7 &gt; 3';
    expect(mrkdwnTexts(post!.args.blocks)).toContain(shown);
    expect(post!.args.text).toBe(`Pinned message — <@U0BOB>: ${shown}`);
    expectNoBroadcast(post!.args);
    const original = message.text;
    expect((await entriesIn(channelId, 'pinned')).map((entry) => entry.text)).toEqual([original]);

    await t.sender.messageEdited(message, 'Rollback done @alice & @dave, @here: <b>bold</b>');
    await t.settle();
    const [edited] = await entriesIn(channelId, 'pinned');
    expect(edited!.text).toBe('Rollback done <@U0ALICE> &amp; <@U0DAVE>, <!here>: &lt;b&gt;bold&lt;/b&gt;');
    expect(edited!.revisions.map((revision) => revision.text)).toEqual([original]);
    let timeline = await run(t, channelId, 'timeline');
    let text = mrkdwnTexts(timeline.replies[0]!.blocks).join('\n');
    expect(text).toContain(
      '*Pinned message* — <@U0BOB> _(edited)_\nRollback done <@U0ALICE> &amp; <@U0DAVE>, @\u2060here: &lt;b&gt;bold&lt;/b&gt;',
    );
    expectNoBroadcast(timeline.replies[0]!);

    await t.sender.messageDeleted(message);
    await t.settle();
    timeline = await run(t, channelId, 'timeline');
    text = mrkdwnTexts(timeline.replies[0]!.blocks).join('\n');
    expect(text).toContain(
      '*Pinned message* — <@U0BOB> _(edited, deleted in Slack)_\nRollback done <@U0ALICE> &amp; <@U0DAVE>, @\u2060here',
    );
    expectNoBroadcast(timeline.replies[0]!);

    await run(t, channelId, 'postmortem');
    const draft = await draftOf(channelId);
    expect(draft).toContain(
      '**Pinned message** _(deleted)_ _(edited; earlier: “Rollback done Alice Martin, see <https://deploys.example/r/42?env=prod&region=eu> in #ops @channel @oncall 5 \\< 6 & 7 \\> 3”)_ · Bob Keller: Rollback done Alice Martin & Dave Schmidt, @here: \\<b\\>bold\\</b\\>',
    );
  });

  it('adds a message through the shortcut with the same guarantees', async () => {
    const channelId = await declareIncident(t, 'Shortcut texts');
    const message = t.slack.postAsUser(
      channelId,
      'U0DAVE',
      'Failover @everyone @sre & <x> by @bob https://status.example/?q=1&r=2',
    );
    const before = botPosts(t, channelId).length;
    await t.sender.interaction(timelineShortcut(t, message, 'U0CAROL'));
    await t.settle();
    const [post] = postsSince(channelId, before);
    const shown =
      'Failover @\u2060everyone @\u2060sre &amp; &lt;x&gt; by <@U0BOB> <https://status.example/?q=1&amp;r=2>';
    expect(mrkdwnTexts(post!.args.blocks)).toContain(shown);
    expect(post!.args.text).toBe(`Pinned message — <@U0DAVE>: ${shown}`);
    expectNoBroadcast(post!.args);
    expect((await entriesIn(channelId, 'pinned')).map((entry) => [entry.text, entry.source])).toEqual([
      [message.text, 'shortcut'],
    ]);
  });
});

describe('the postmortem draft and its summary', () => {
  it('drafts the issue’s handover as plain Markdown with names, and posts a summary Slack accepts', async () => {
    const channelId = await declareIncident(t, 'Handover draft');
    await runWire(channelId, `update ${HANDOVER}`);
    await runWire(channelId, `impact ${HANDOVER} ${BROADCASTS}`);
    const before = botPosts(t, channelId).length;
    await run(t, channelId, 'postmortem');

    const draft = await draftOf(channelId);
    expect(draft).toContain(
      '\nHanding over to Bob Keller in #ops; see [dashboard](https://grafana.example/d/1) & logs \\<prod\\>\n',
    );
    expect(draft).toContain(
      ': Handing over to Bob Keller in #ops; see [dashboard](https://grafana.example/d/1) & logs \\<prod\\> @channel @here @everyone @oncall.',
    );
    expect(draft).not.toMatch(/&(?:amp|lt|gt);|<[@#!]/);

    const [summary] = postsSince(channelId, before);
    expect(mrkdwnTexts(summary!.args.blocks)[0]).toMatch(
      new RegExp(`: ${escapeRegExp(`${HANDOVER_MRKDWN} ${INERT}`)}\\.$`),
    );
    expect(summary!.args.text).toBe('The postmortem draft for "Handover draft" is ready.');
    expectNoBroadcast(summary!.args);
  });

  it('cuts a 2,900-character impact full of `&<>` visibly, on the card and in the summary, and Slack accepts both', async () => {
    const channelId = await declareIncident(t, 'Long impact');
    const impact = 'EU cards & <wallets> failed; '.repeat(100);
    expect(impact).toHaveLength(2900);
    await run(t, channelId, `impact ${impact}`);
    const rendered = 'EU cards &amp; &lt;wallets&gt; failed; '.repeat(100).trim();

    const card = latestCard(channelId);
    expect(card.result.ok).toBe(true);
    const section = mrkdwnTexts(card.args.blocks).find((text) => text.startsWith('*Customer impact*'))!;
    expect(section.length).toBeLessThanOrEqual(3000);
    expectCutVisibly(section.slice('*Customer impact*\nwindow not set\n'.length), rendered);

    // The impact's own post is split over sections, none of it lost.
    const post = botPosts(t, channelId).find((call) =>
      String(call.args.text).startsWith('Impact described'),
    )!;
    const pieces = mrkdwnTexts(post.args.blocks).slice(1);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(3000);
    expect(pieces.join(' ')).toBe(rendered);

    const before = botPosts(t, channelId).length;
    await run(t, channelId, 'postmortem');
    const [summary] = postsSince(channelId, before);
    const sentence = mrkdwnTexts(summary!.args.blocks)[0]!;
    expect(sentence.length).toBeLessThanOrEqual(3000);
    expectCutVisibly(sentence.slice(sentence.indexOf(': EU cards') + 2), rendered);
    expectNoBroadcast(summary!.args);
  });
});

/** Asserts that `shown` is the start of `full`, cut with a visible `…` outside any entity, and not much shorter than it could be. */
function expectCutVisibly(shown: string, full: string): void {
  expect(shown.endsWith('…')).toBe(true);
  const kept = shown.slice(0, -1);
  expect(full.startsWith(kept)).toBe(true);
  expect(kept).not.toMatch(/&[a-z]*$/);
  expect(kept.length).toBeGreaterThan(2000);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

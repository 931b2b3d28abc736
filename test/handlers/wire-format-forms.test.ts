import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { botPosts, declareIncident, run } from '../support/incidents.js';
import { expectNoBroadcast, mrkdwnTexts, refusedSince } from '../support/wire-format.js';

// Modal inputs arrive raw, exactly as typed: `&<>`, `@here` and even a typed `<!channel>` are text, never markup.
// Every form's text must reach Slack escaped once, notify nobody, and fit Slack's limits once rendered.

let t: TestBot;
let callsChecked = 0;

beforeAll(async () => {
  t = await startTestBot({ env: { UPDATE_INTERVAL: '30m' } });
  t.slack.addChannel('general', ['U0CAROL'], 'C0GENERAL');
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

type View = { callback_id: string; private_metadata: string; blocks: unknown[] };
type Values = Record<string, Record<string, Record<string, unknown>>>;

/** Raw text typed into a form: the characters Slack reserves, @here, and a broadcast token typed by hand. */
const TYPED = 'Rolled back & retrying <soon>; ask @bob or @here, not <!channel>';
/** The same in the bot's mrkdwn: escaped once, the @words inert, the hand-typed token shown as text. */
const TYPED_MRKDWN =
  'Rolled back &amp; retrying &lt;soon&gt;; ask @\u2060bob or @\u2060here, not &lt;!channel&gt;';

/** 2,900 characters of raw text full of `&<>`, a typed @here and a typed `<!channel>`. */
const LONG_TYPED = 'Pay & <card> @here <!channel>'.repeat(100);
/** Its start in the bot's mrkdwn. */
const LONG_MRKDWN = 'Pay &amp; &lt;card&gt; @\u2060here &lt;!channel&gt;'.repeat(100);

function textInput(value: string | null) {
  return { type: 'plain_text_input', value };
}

function submit(
  view: View,
  values: Values,
  user = 'U0BOB',
  id = `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
) {
  return t.sender.interaction({
    ...t.sender.interactionBase(user),
    type: 'view_submission',
    view: { id, callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
  });
}

/** Clicks one of the card's buttons and returns the modal it opened. */
async function openFromCard(channelId: string, actionId: string, user = 'U0BOB'): Promise<View> {
  const card = botPosts(t, channelId)[0]!;
  const button = (
    card.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>
  )
    .find((block) => block.type === 'actions')!
    .elements!.find((element) => element.action_id === actionId)!;
  const before = t.slack.callsTo('views.open').length;
  await t.sender.interaction({
    ...t.sender.interactionBase(user),
    type: 'block_actions',
    container: { type: 'message', channel_id: channelId, message_ts: card.result.ts },
    channel: { id: channelId },
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        value: button.value,
        block_id: 'incident_card_actions',
        action_ts: '1',
      },
    ],
  });
  await t.settle();
  return t.slack.callsTo('views.open')[before]!.args.view as View;
}

/** Asserts that `shown` is the start of `full`, cut with a visible `…` outside any entity, and not much shorter than it could be. */
function expectCutVisibly(shown: string, full: string): void {
  expect(shown.endsWith('…')).toBe(true);
  const kept = shown.slice(0, -1);
  expect(full.startsWith(kept)).toBe(true);
  expect(kept).not.toMatch(/&[a-z]*$/);
  expect(kept.length).toBeGreaterThan(2000);
}

describe('the declare form', () => {
  it('gives a card Slack accepts for a 2,900-character summary full of `&<>`, cut visibly', async () => {
    expect(LONG_TYPED).toHaveLength(2900);
    const before = t.slack.callsTo('views.open').length;
    await run(t, 'C0GENERAL', 'declare --sev 2');
    const view = t.slack.callsTo('views.open')[before]!.args.view as View;
    const pins = t.slack.callsTo('pins.add').length;
    await submit(
      view,
      {
        title: { title: textInput('Payments <down> & @here') },
        severity: { severity: { type: 'static_select', selected_option: { value: '2' } } },
        summary: { summary: textInput(LONG_TYPED) },
        commander: { commander: { type: 'users_select', selected_user: null } },
      },
      'U0CAROL',
    );
    await t.settle();
    const pin = t.slack.callsTo('pins.add')[pins];
    expect(pin?.result.ok).toBe(true);
    const channelId = String(pin!.args.channel);
    const incident = (await findIncidentByChannel(channelId))!;
    // Stored in Slack's wire format, as a command's text would be: the typed token can never become live.
    expect(incident.title).toBe('Payments &lt;down&gt; &amp; @here');
    expect(incident.summary!.startsWith('Pay &amp; &lt;card&gt; @here &lt;!channel&gt;Pay')).toBe(true);

    const card = botPosts(t, channelId)[0]!;
    expect(card.result.ok).toBe(true);
    expect(card.args.text).toBe(
      `SEV2 · Incident #${incident.number}: Payments &lt;down&gt; &amp; @\u2060here — Investigating`,
    );
    const header = (card.args.blocks as Array<{ type: string; text?: { text: string } }>).find(
      (block) => block.type === 'header',
    )!;
    expect(header.text!.text).toBe(`SEV2 · Incident #${incident.number}: Payments <down> & @here`);
    const summary = mrkdwnTexts(card.args.blocks).find((text) => text.startsWith('Pay &amp;'))!;
    expect(summary.length).toBeLessThanOrEqual(3000);
    expectCutVisibly(summary, LONG_MRKDWN);
    expectNoBroadcast(card.args);

    // The summary is the first public update: all of it is in the timeline, shown as typed.
    const [first] = await TimelineEntryModel.find({ incidentId: incident._id, public: true }).lean();
    expect(first!.text).toBe(incident.summary);
  });
});

describe('the card’s forms', () => {
  it('posts the update form’s raw text escaped once, inert, in blocks and in text', async () => {
    const channelId = await declareIncident(t, 'Update form');
    const view = await openFromCard(channelId, 'incident_post_update');
    const before = botPosts(t, channelId).length;
    await submit(view, {
      text: { text: textInput(`${TYPED}; HTML writes &amp;`) },
      next: { next: { type: 'static_select', selected_option: null } },
      visibility: { visibility: { type: 'checkboxes', selected_options: [] } },
    });
    await t.settle();
    const posts = botPosts(t, channelId).slice(before);
    expect(posts).toHaveLength(1);
    // `&amp;` typed into the form is text: it shows as typed, so it is escaped once like any `&`.
    const shown = `${TYPED_MRKDWN}; HTML writes &amp;amp;`;
    expect(mrkdwnTexts(posts[0]!.args.blocks)).toContain(shown);
    expect(posts[0]!.args.text).toBe(`Public update — <@U0BOB>: ${shown}`);
    expectNoBroadcast(posts[0]!.args, { typedEntities: true });
  });

  it('posts the status form’s text the same way', async () => {
    const channelId = await declareIncident(t, 'Status form');
    const view = await openFromCard(channelId, 'incident_change_status');
    const before = botPosts(t, channelId).length;
    await submit(view, {
      status: { status: { type: 'static_select', selected_option: { value: 'monitoring' } } },
      text: { text: textInput(TYPED) },
    });
    await t.settle();
    const posts = botPosts(t, channelId).slice(before);
    expect(posts).toHaveLength(1);
    expect(mrkdwnTexts(posts[0]!.args.blocks)).toContain(TYPED_MRKDWN);
    expect(posts[0]!.args.text).toBe(`Status → Monitoring (public update) — <@U0BOB>: ${TYPED_MRKDWN}`);
    expectNoBroadcast(posts[0]!.args);
  });
});

describe('the close form', () => {
  it('posts a summary Slack accepts with a 2,900-character impact, DMs it to the comms lead, and drafts plain Markdown', async () => {
    const channelId = await declareIncident(t, 'Close form');
    await run(t, channelId, 'role comms @carol');
    await run(t, channelId, 'action Alert on expiring secrets @dave');
    const before = t.slack.callsTo('views.open').length;
    await run(t, channelId, 'close');
    const view = t.slack.callsTo('views.open')[before]!.args.view as View;
    const posts = botPosts(t, channelId).length;
    await submit(view, {
      cause: { cause: textInput('A config <flag> & a cert, flipped by @bob') },
      resolution: { resolution: textInput(TYPED) },
      impact: { impact: textInput(LONG_TYPED) },
      done_1: { done_1: { type: 'checkboxes', selected_options: [{ value: '1' }] } },
      actions: {
        actions: textInput(
          '- Alert when 5xx > 1% & <p99> @oncall\n• Page <!subteam^S0ONCALL|@oncall> sooner',
        ),
      },
      remark: { remark: textInput('See <https://status.example/x|status> & #ops') },
      resolved_at: { resolved_at: { type: 'datetimepicker', selected_date_time: null } },
      locale: { locale: { type: 'static_select', selected_option: { value: 'en' } } },
    });
    await t.settle();
    const incident = (await findIncidentByChannel(channelId))!;
    expect(incident.closedAt).toBeInstanceOf(Date);

    const summary = botPosts(t, channelId)
      .slice(posts)
      .find((call) => String(call.args.text).startsWith('The postmortem draft'))!;
    expect(summary.result.ok).toBe(true);
    const sentence = mrkdwnTexts(summary.args.blocks)[0]!;
    expect(sentence.length).toBeLessThanOrEqual(3000);
    expectCutVisibly(sentence.slice(sentence.indexOf(': Pay') + 2), LONG_MRKDWN);
    expectNoBroadcast(summary.args);

    const opened = await t.slack.waitForCall('conversations.open', (call) => call.args.users === 'U0CAROL');
    const dmChannel = (opened.result.channel as { id: string }).id;
    const dm = await t.slack.waitForCall('chat.postMessage', (call) => call.args.channel === dmChannel);
    expect(dm.result.ok).toBe(true);
    expect(dm.args.blocks).toEqual(summary.args.blocks);
    expectNoBroadcast(dm.args);

    const file = [...t.slack.files.values()].find(
      (candidate) => candidate.channel === channelId && candidate.filename.endsWith('-en.md'),
    )!;
    const draft = file.content.toString('utf8');
    expect(draft).toContain('\n## Root cause analysis\n\nA config \\<flag\\> & a cert, flipped by @bob\n');
    expect(draft).toContain(
      '\n## Resolution\n\nRolled back & retrying \\<soon\\>; ask @bob or @here, not \\<!channel\\>\n',
    );
    expect(draft).toContain('\n- Alert on expiring secrets (owner: Dave Schmidt) [Done]\n');
    expect(draft).toContain(
      '\n- Alert when 5xx \\> 1% & \\<p99\\> @oncall [Planned]\n- Page \\<!subteam^S0ONCALL|@oncall\\> sooner [Planned]\n',
    );
    expect(draft).toContain('\n## Remark\n\nSee \\<https://status.example/x|status\\> & #ops\n');
    expect(draft).toContain(`: ${'Pay & \\<card\\> @here \\<!channel\\>'.repeat(3)}`);
    expect(draft).not.toMatch(/&(?:amp|lt|gt);/);
  });
});

import { ACTION_IDS, BLOCK_IDS, ITEM_ACTIONS_PREFIX } from '../blocks/ids.js';
import type { Locale } from '../config.js';
import type { Audience } from '../services/postmortem/render-postmortem.js';
import type { SlackRequestSender } from '../local-slack/signed-requests.js';
import type { ApiCall, LocalSlack, ResponsePost } from '../local-slack/workspace.js';
import { parseDuration } from '../time/duration.js';
import { expandText, userIdOf, type Scenario, type ScenarioStep } from './scenario.js';
import { readMessage, type Names, type TranscriptLine } from './transcript.js';

/** The workspace a scenario is played in, and the bot that serves it. */
export interface Stage {
  slack: LocalSlack;
  sender: SlackRequestSender;
  /** Resolves once the bot has finished the work it acknowledged. */
  settle(): Promise<void>;
}

export interface PlayOptions {
  /** Called with each line as people would see it, as it happens. */
  onLine?: (line: TranscriptLine) => void;
  signal?: AbortSignal;
  /**
   * Languages of the drafts to collect after close: the close form's own comes first (the bot posts its internal
   * and customer drafts at close); the others are asked for with `/incident postmortem`.
   */
  locales: readonly Locale[];
  /** The clock the `{{now-…}}` placeholders read. */
  now?: () => Date;
}

/** A postmortem draft the bot uploaded to the incident channel. */
export interface Draft {
  locale: string;
  audience: Audience;
  filename: string;
  markdown: string;
}

/** What a played scenario left behind. */
export interface PlayResult {
  incidentChannelId: string | undefined;
  transcript: TranscriptLine[];
  drafts: Draft[];
}

const BOT_NAME = 'Incident Timeline';

/** A scenario's text as people type it: its expanded mentions back to `@name`. */
const typed = (text: string) => text.replace(/<@[UW][A-Z0-9]+\|([^>]+)>/g, '@$1');
function abortable(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('stopped');
}

/**
 * Plays a scenario through the bot as Slack would: commands, messages, reactions and the close form
 * arrive as signed requests; the transcript records what the bot posted, as people read it.
 */
export async function playScenario(scenario: Scenario, stage: Stage, options: PlayOptions): Promise<PlayResult> {
  const { slack, sender } = stage;
  const now = options.now ?? (() => new Date());
  const transcript: TranscriptLine[] = [];
  const typedBy = new Map<string, string>();
  const general = slack.addChannel('general', scenario.people.map((person) => userIdOf(person.name)));
  let incidentChannelId: string | undefined;
  let reminders = 0;
  let escalations = 0;
  let followups = 0;

  const names: Names = {
    user: (id) => slack.users.get(id)?.name ?? id,
    channel: (id) => slack.channels.get(id)?.name ?? id,
  };
  const where = (channelId: string): string => {
    // A post addressed to a user id lands in the app's direct messages with that person.
    if (/^[UW]/.test(channelId)) return `DM → ${names.user(channelId)}`;
    const channel = slack.channels.get(channelId);
    if (!channel?.isIm) return `#${names.channel(channelId)}`;
    const other = [...channel.members].find((member) => member !== slack.botUserId);
    return `DM → ${other ? names.user(other) : '?'}`;
  };
  const emit = (line: TranscriptLine) => {
    transcript.push(line);
    options.onLine?.(line);
  };
  const isReminder = (call: ApiCall) =>
    call.args.channel === incidentChannelId && JSON.stringify(call.args.blocks ?? []).includes(ACTION_IDS.snooze);
  const isEscalationNotice = (call: ApiCall) =>
    call.args.channel === incidentChannelId && JSON.stringify(call.args.blocks ?? []).includes(BLOCK_IDS.escalationNotice);
  const isFollowup = (call: ApiCall) =>
    slack.channels.get(String(call.args.channel))?.isIm === true && JSON.stringify(call.args.blocks ?? []).includes(`"block_id":"${ITEM_ACTIONS_PREFIX}`);

  const onCall = (call: ApiCall) => {
    if (call.result.ok !== true) return;
    if (call.method === 'chat.postMessage') {
      const channel = String(call.args.channel);
      emit({ at: call.at, where: where(channel), author: BOT_NAME, text: readMessage(call.args, names), kind: 'message' });
    } else if (call.method === 'chat.postEphemeral') {
      const text = readMessage(call.args, names);
      emit({ at: call.at, where: where(String(call.args.channel)), author: BOT_NAME, text, kind: 'private' });
    } else if (call.method === 'files.completeUploadExternal') {
      const files = (call.result.files as Array<{ name: string }>).map((file) => `[file: ${file.name}]`).join(' ');
      const comment = readMessage({ text: call.args.initial_comment ?? '' }, names);
      const channel = String(call.args.channel_id ?? '');
      if (channel) emit({ at: call.at, where: where(channel), author: BOT_NAME, text: `${comment}\n${files}`.trim(), kind: 'message' });
    }
  };
  const onResponse = (post: ResponsePost) => {
    const typed = typedBy.get(post.id);
    if (!typed) return;
    const text = readMessage(post.body, names);
    if (text) emit({ at: post.at, where: typed, author: BOT_NAME, text, kind: 'private' });
  };
  slack.on('call', onCall);
  slack.on('response', onResponse);

  const channelFor = (step: ScenarioStep): string => {
    if (step.in === 'general' || !incidentChannelId) return general.id;
    return incidentChannelId;
  };

  const runCommand = async (step: ScenarioStep, text: string, triggerId?: string) => {
    const user = userIdOf(step.as!);
    const channel = channelFor(step);
    const pinsBefore = slack.callsTo('pins.add').length;
    const responseUrl = slack.responseUrl();
    const responseId = responseUrl.split('/').pop()!;
    typedBy.set(responseId, where(channel));
    const asTyped = typed(text);
    emit({ at: new Date(), where: where(channel), author: step.as!, text: `/incident ${asTyped}`, kind: 'typed' });
    // The sender encodes typed text as Slack does (`@bob` → `<@U0BOB|bob>`, `&` → `&amp;`).
    const response = await sender.command(asTyped, { user, channel, responseUrl, ...(triggerId ? { triggerId } : {}) });
    if (response.status !== 200) throw new Error(`/incident ${text}: the bot answered HTTP ${response.status}`);
    if (response.json) onResponse({ id: responseId, body: response.json, at: new Date() });
    await stage.settle();
    // The declared incident's channel is where its card was pinned.
    const pinned = slack.callsTo('pins.add').slice(pinsBefore).find((call) => call.result.ok === true);
    if (pinned && !incidentChannelId) incidentChannelId = String(pinned.args.channel);
  };

  const say = async (step: ScenarioStep, text: string) => {
    const channel = channelFor(step);
    const message = slack.postAsUser(channel, userIdOf(step.as!), typed(text));
    emit({ at: new Date(), where: where(channel), author: step.as!, text: readMessage({ text: message.text }, names), kind: 'message' });
    if (!step.pinnedBy) return;
    emit({ at: new Date(), where: where(channel), author: step.pinnedBy, text: `reacted :pushpin: to ${step.as}'s message`, kind: 'typed' });
    const response = await sender.event({
      type: 'reaction_added',
      user: userIdOf(step.pinnedBy),
      reaction: 'pushpin',
      item: { type: 'message', channel, ts: message.ts },
      item_user: message.user,
      event_ts: message.ts,
    });
    if (response.status !== 200) throw new Error(`the pin reaction was answered with HTTP ${response.status}`);
    await stage.settle();
  };

  const waitFor = async (step: ScenarioStep) => {
    if (!incidentChannelId) throw new Error(`wait: ${step.wait}: no incident has been declared yet`);
    // A remediation item falls due when its --due says, not on the update cadence.
    const timeoutMs =
      parseDuration(step.timeout ?? '') ??
      (step.wait === 'followup'
        ? 60_000
        : parseDuration(scenario.settings.updateInterval)! + parseDuration(scenario.settings.escalationGrace)! + 30_000);
    if (step.wait === 'reminder') {
      reminders += 1;
      await slack.waitForCalls('chat.postMessage', reminders, (call) => call.result.ok === true && isReminder(call), timeoutMs);
    } else if (step.wait === 'followup') {
      followups += 1;
      await slack.waitForCalls('chat.postMessage', followups, (call) => call.result.ok === true && isFollowup(call), timeoutMs);
    } else {
      escalations += 1;
      // The channel is told after the managers' DMs: wait for that notice, the escalation's last post.
      await slack.waitForCalls('chat.postMessage', escalations, (call) => call.result.ok === true && isEscalationNotice(call), timeoutMs);
    }
    await stage.settle();
  };

  const close = async (step: ScenarioStep) => {
    const form = step.close!;
    const triggerId = `demo.${Date.now()}.${transcript.length}`;
    await runCommand(step, 'close', triggerId);
    const opened = slack.callsTo('views.open').find((call) => call.args.trigger_id === triggerId && call.result.ok === true);
    if (!opened) throw new Error('/incident close opened no form (see the reply above)');
    const view = opened.result.view as FormView;
    const values = fillForm(view, {
      cause: expandText(form.cause, scenario, now()),
      resolution: expandText(form.resolution, scenario, now()),
      ...(form.impact ? { impact: expandText(form.impact, scenario, now()) } : {}),
      actions: form.actions.map((item) => expandText(item, scenario, now())).join('\n'),
      ...(form.remark ? { remark: expandText(form.remark, scenario, now()) } : {}),
      done: form.done.map(String),
    });
    emit({ at: new Date(), where: where(channelFor(step)), author: step.as!, text: 'submitted the close form', kind: 'typed' });
    const response = await sender.interaction({
      ...sender.interactionBase(userIdOf(step.as!)),
      type: 'view_submission',
      view: { id: view.id, callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
    });
    if (response.status !== 200 || response.json?.response_action === 'errors') {
      throw new Error(`the close form was refused: ${response.text || `HTTP ${response.status}`}`);
    }
    await stage.settle();
    for (const locale of options.locales.slice(1)) await runCommand({ as: step.as! }, `postmortem ${locale}`);
  };

  try {
    for (const step of scenario.steps) {
      abortable(options.signal);
      if (step.run !== undefined) await runCommand(step, expandText(step.run, scenario, now()));
      else if (step.say !== undefined) await say(step, expandText(step.say, scenario, now()));
      else if (step.wait !== undefined) await waitFor(step);
      else if (step.close !== undefined) await close(step);
    }
  } finally {
    slack.off('call', onCall);
    slack.off('response', onResponse);
  }
  return { incidentChannelId, transcript, drafts: collectDrafts(slack, incidentChannelId, options.locales) };
}

type FormView = {
  id: string;
  callback_id: string;
  private_metadata: string;
  blocks: Array<{
    type: string;
    block_id?: string;
    element?: {
      type: string;
      initial_value?: string;
      initial_option?: { value: string };
      options?: Array<{ value: string }>;
      initial_options?: Array<{ value: string }>;
      initial_date_time?: number;
      initial_user?: string;
      initial_date?: string;
    };
  }>;
};

const DONE_GROUP = /^done_\d+$/;

/**
 * The state Slack would submit for a form a person filled in: every input keeps what the bot
 * prefilled unless the scenario gives a value; checkboxes add the scenario's ticks to the prefilled ones.
 * The ticks given as `done` go to whichever group of checkboxes (`done_1`, `done_2`, …) offers them.
 */
export function fillForm(view: FormView, given: Record<string, string | string[]>): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks) {
    const element = block.element;
    if (block.type !== 'input' || !block.block_id || !element) continue;
    const id = block.block_id;
    const value = given[id];
    let state: Record<string, unknown>;
    if (element.type === 'plain_text_input') {
      state = { value: typeof value === 'string' && value !== '' ? value : (element.initial_value ?? null) };
    } else if (element.type === 'checkboxes') {
      const offered = new Set((element.options ?? []).map((option) => option.value));
      const ticks = [value ?? [], DONE_GROUP.test(id) ? (given.done ?? []) : []].flat().filter((tick) => offered.has(tick));
      const ticked = new Set([...(element.initial_options ?? []).map((option) => option.value), ...ticks]);
      state = { selected_options: [...ticked].map((tick) => ({ value: tick })) };
    } else if (element.type === 'datetimepicker') {
      state = { selected_date_time: element.initial_date_time ?? null };
    } else if (element.type === 'users_select') {
      state = { selected_user: element.initial_user ?? null };
    } else if (element.type === 'datepicker') {
      state = { selected_date: element.initial_date ?? null };
    } else if (element.type === 'static_select') {
      const chosen = typeof value === 'string' ? value : element.initial_option?.value;
      state = { selected_option: chosen ? { value: chosen } : null };
    } else {
      state = {};
    }
    values[id] = { [id]: { type: element.type, ...state } };
  }
  return values;
}

const DRAFT_ORDER: readonly Audience[] = ['internal', 'customers', 'executives'];

/**
 * The newest Markdown draft per language and audience uploaded to the incident channel, in the order of
 * `locales`, each language's internal review first.
 */
function collectDrafts(slack: LocalSlack, channelId: string | undefined, locales: readonly Locale[]): Draft[] {
  const drafts = new Map<string, Draft>();
  for (const file of slack.files.values()) {
    const match = /-([a-z]{2})(?:-(customers|executives))?\.md$/.exec(file.filename);
    if (!match || !channelId || file.channel !== channelId) continue;
    const [, locale = '', audience = 'internal'] = match;
    drafts.set(`${locale} ${audience}`, {
      locale,
      audience: audience as Audience,
      filename: file.filename,
      markdown: file.content.toString('utf8'),
    });
  }
  const rank = (draft: Draft) => {
    const language = locales.indexOf(draft.locale as Locale);
    return (language === -1 ? locales.length : language) * DRAFT_ORDER.length + DRAFT_ORDER.indexOf(draft.audience);
  };
  return [...drafts.values()].sort((a, b) => rank(a) - rank(b));
}

import { LogLevel, WebClient, type Logger, type WebAPIPlatformError } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestBotScopes } from '../../src/local-slack/scopes.js';
import { startLocalSlack, type LocalSlack } from '../../src/local-slack/workspace.js';

let slack: LocalSlack;
let client: WebClient;

/** The refusals are the point here: the client need not log them. */
const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};
const clientOf = (workspace: LocalSlack) =>
  new WebClient(workspace.botToken, { slackApiUrl: workspace.apiUrl, retryConfig: { retries: 0 }, logger: quiet });

// These calls are refused on purpose: they stay out of the run's Block Kit conformance check.
beforeAll(async () => {
  slack = await startLocalSlack({ payloadLog: false });
  client = clientOf(slack);
});

afterAll(async () => {
  await slack?.close();
});

/** What the Web API answered: the result, or Slack's error body. */
async function answer(method: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return (await client.apiCall(method, args)) as unknown as Record<string, unknown>;
  } catch (error) {
    return (error as WebAPIPlatformError).data as unknown as Record<string, unknown>;
  }
}

let channels = 0;
/** A fresh public channel the bot is in. */
const botChannel = () => slack.addChannel(`room-${(channels += 1)}`, [slack.botUserId, 'U0ALICE']).id;
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('messages Slack refuses', () => {
  it('refuses section text over 3,000 characters as sent, escapes included', async () => {
    const channel = botChannel();
    const fits = `${'&amp;'.repeat(599)}abcde`;
    expect(await answer('chat.postMessage', { channel, text: 'x', blocks: [section(fits)] })).toMatchObject({ ok: true });
    const over = await answer('chat.postMessage', { channel, text: 'x', blocks: [section(`${fits}f`)] });
    expect(over).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(over.errors).toEqual(['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]']);
  });

  it('refuses malformed blocks: unknown type, missing text, wrong text type, long header', async () => {
    const channel = botChannel();
    const refused = async (blocks: unknown[]) => (await answer('chat.postMessage', { channel, text: 'x', blocks })).error;
    expect(await refused([{ type: 'banner', text: { type: 'mrkdwn', text: 'hi' } }])).toBe('invalid_blocks');
    expect(await refused([{ type: 'section' }])).toBe('invalid_blocks');
    expect(await refused([section('')])).toBe('invalid_blocks');
    expect(await refused([{ type: 'header', text: { type: 'mrkdwn', text: 'Title' } }])).toBe('invalid_blocks');
    expect(await refused([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }])).toBe('invalid_blocks');
    const button = { type: 'button', text: { type: 'mrkdwn', text: 'Go' }, action_id: 'go' };
    expect(await refused([{ type: 'actions', elements: [button] }])).toBe('invalid_blocks');
    expect(await refused(Array.from({ length: 51 }, () => ({ type: 'divider' })))).toBe('invalid_blocks');
    expect(await answer('chat.postMessage', { channel, text: 'x', blocks: '{"type":"section"}' })).toMatchObject({ error: 'invalid_blocks_format' });
  });

  it('refuses a message whose blocks carry too much text in all', async () => {
    const blocks = Array.from({ length: 5 }, () => section('y'.repeat(2900)));
    expect(await answer('chat.postMessage', { channel: botChannel(), text: 'x', blocks })).toMatchObject({ error: 'msg_blocks_too_long' });
  });

  it('truncates a posted text over 40,000 characters, and refuses one in an update or an ephemeral message', async () => {
    const channel = botChannel();
    const posted = await answer('chat.postMessage', { channel, text: `${'a'.repeat(39_999)}bc` });
    expect(posted.ok).toBe(true);
    expect(slack.channelMessages(channel).at(-1)!.text).toBe(`${'a'.repeat(39_999)}b`);
    const ts = posted.ts;
    expect(await answer('chat.update', { channel, ts, text: 'z'.repeat(40_001) })).toMatchObject({ error: 'msg_too_long' });
    expect(await answer('chat.postEphemeral', { channel, user: 'U0ALICE', text: 'z'.repeat(40_001) })).toMatchObject({ error: 'msg_too_long' });
  });

  it('refuses a message with neither text nor blocks', async () => {
    expect(await answer('chat.postMessage', { channel: botChannel(), text: '' })).toMatchObject({ error: 'no_text' });
  });

  it('refuses unknown channels and channels the bot is not in, but posts to the DMs it opens and to people', async () => {
    expect(await answer('chat.postMessage', { channel: 'C0NOWHERE', text: 'hi' })).toMatchObject({ error: 'channel_not_found' });
    const outside = slack.addChannel('outside', ['U0ALICE']).id;
    expect(await answer('chat.postMessage', { channel: outside, text: 'hi' })).toMatchObject({ error: 'not_in_channel' });
    expect(await answer('conversations.history', { channel: outside })).toMatchObject({ error: 'not_in_channel' });
    expect(await answer('pins.add', { channel: outside, timestamp: slack.postAsUser(outside, 'U0ALICE', 'x').ts })).toMatchObject({
      error: 'not_in_channel',
    });
    const dm = (await answer('conversations.open', { users: 'U0BOB' })).channel as { id: string };
    expect(await answer('chat.postMessage', { channel: dm.id, text: 'hi Bob' })).toMatchObject({ ok: true, channel: dm.id });
    expect(await answer('chat.postMessage', { channel: 'U0CAROL', text: 'hi Carol' })).toMatchObject({ ok: true });
  });
});

describe('other calls Slack refuses', () => {
  it('answers each with the code its method page documents', async () => {
    const mine = botChannel();
    const outside = slack.addChannel('not-mine', ['U0ALICE']).id;
    const archived = slack.addChannel('old', [slack.botUserId]);
    archived.archived = true;
    const theirs = slack.postAsUser(mine, 'U0ALICE', 'a person’s message').ts;
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['chat.update', { channel: mine, ts: theirs, text: 'mine now' }, 'cant_update_message'],
      ['chat.update', { channel: mine, ts: '1.000000', text: 'x' }, 'message_not_found'],
      ['chat.delete', { channel: mine, ts: theirs }, 'cant_delete_message'],
      ['chat.postMessage', { channel: archived.id, text: 'x' }, 'is_archived'],
      ['chat.postEphemeral', { channel: mine, user: 'U0NOBODY', text: 'x' }, 'user_not_found'],
      ['conversations.invite', { channel: outside, users: 'U0BOB' }, 'not_in_channel'],
      ['conversations.invite', { channel: mine, users: '' }, 'no_user'],
      ['conversations.invite', { channel: mine, users: slack.botUserId }, 'cant_invite_self'],
      ['conversations.invite', { channel: mine, users: 'U0ALICE' }, 'already_in_channel'],
      ['conversations.join', { channel: archived.id }, 'is_archived'],
      ['conversations.open', {}, 'users_list_not_supplied'],
      ['conversations.replies', { channel: mine, ts: '1.000000' }, 'thread_not_found'],
      ['pins.add', { channel: mine }, 'no_item_specified'],
      ['users.info', { user: 'U0NOBODY' }, 'user_not_found'],
      ['views.update', { view_id: 'V0NONE', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } }, 'not_found'],
      ['views.publish', { user_id: 'U0ALICE', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } }, 'invalid_arguments'],
      ['files.getUploadURLExternal', { filename: 'draft.md' }, 'missing_argument'],
      ['files.completeUploadExternal', { files: [{ id: 'F0NONE' }], channel_id: outside }, 'not_in_channel'],
      ['files.completeUploadExternal', { files: [{ id: 'F0NONE' }], channel_id: mine }, 'file_not_found'],
    ];
    const answers = [];
    for (const [method, args] of cases) answers.push([method, (await answer(method, args)).error]);
    expect(answers).toEqual(cases.map(([method, , error]) => [method, error]));
  });

  it('drops a message’s blocks when an update gives text alone, as Slack does', async () => {
    const channel = botChannel();
    const { ts } = (await answer('chat.postMessage', { channel, text: 'card', blocks: [section('*card*')] })) as { ts: string };
    await answer('chat.update', { channel, ts, text: 'plain now' });
    expect(slack.channelMessages(channel).at(-1)).toMatchObject({ text: 'plain now', edited: true });
    expect(slack.channelMessages(channel).at(-1)!.blocks).toBeUndefined();
  });
});

describe('channels Slack refuses to create', () => {
  it('refuses a taken name and every kind of invalid name with its own code', async () => {
    slack.addChannel('inc-20240911-checkout');
    const create = async (name: string) => (await answer('conversations.create', { name })).error;
    expect(await create('inc-20240911-checkout')).toBe('name_taken');
    expect(await create('')).toBe('invalid_name_required');
    expect(await create('i'.repeat(81))).toBe('invalid_name_maxlength');
    expect(await create('---')).toBe('invalid_name_punctuation');
    expect(await create('Inc-Checkout')).toBe('invalid_name_specials');
    expect(await create('inc checkout')).toBe('invalid_name_specials');
    expect(await create('inc.checkout')).toBe('invalid_name_specials');
    expect(await answer('conversations.create', { name: 'i'.repeat(80) })).toMatchObject({ ok: true });
  });
});

describe('scopes', () => {
  it('refuses a method whose scope the manifest does not request, naming the scope needed and those held', async () => {
    const channel = botChannel();
    const { ts } = slack.postAsUser(channel, 'U0ALICE', 'hello');
    expect(await answer('reactions.add', { channel, timestamp: ts, name: 'eyes' })).toMatchObject({
      ok: false,
      error: 'missing_scope',
      needed: 'reactions:write',
      provided: manifestBotScopes().join(','),
    });
  });

  it('asks for the scope of the conversation’s kind: history of a private channel needs groups:history', async () => {
    const narrow = await startLocalSlack({ payloadLog: false, scopes: ['channels:history', 'chat:write'] });
    try {
      const narrowClient = clientOf(narrow);
      const open = narrow.addChannel('open', [narrow.botUserId]);
      const secret = narrow.addChannel('secret', [narrow.botUserId]);
      secret.isPrivate = true;
      await expect(narrowClient.conversations.history({ channel: open.id })).resolves.toMatchObject({ ok: true });
      const refused = await narrowClient.conversations.history({ channel: secret.id }).catch((error: WebAPIPlatformError) => error.data);
      expect(refused).toMatchObject({ error: 'missing_scope', needed: 'groups:history', provided: 'channels:history,chat:write' });
    } finally {
      await narrow.close();
    }
  });
});

describe('views Slack refuses', () => {
  it('refuses a modal title over 24 characters and a modal with inputs but no submit button', async () => {
    const title = { type: 'plain_text', text: 'Declare a new incident now' };
    const long = await answer('views.open', { trigger_id: 't', view: { type: 'modal', title, blocks: [] } });
    expect(long).toMatchObject({ ok: false, error: 'invalid_arguments' });
    const input = { type: 'input', label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: 'a' } };
    const noSubmit = { type: 'modal', title: { type: 'plain_text', text: 'Declare' }, blocks: [input] };
    expect(await answer('views.open', { trigger_id: 't', view: noSubmit })).toMatchObject({ error: 'invalid_arguments' });
    const fine = { ...noSubmit, submit: { type: 'plain_text', text: 'Declare' } };
    expect(await answer('views.open', { trigger_id: 't', view: fine })).toMatchObject({ ok: true });
  });
});

describe('what people wrote', () => {
  it('keeps a person’s message in the wire format and gives it back so in the history', async () => {
    const channel = botChannel();
    slack.postAsUser(channel, 'U0ALICE', 'ask @bob about <prod> & staging');
    const history = await answer('conversations.history', { channel, limit: 1 });
    expect((history.messages as Array<{ text: string }>)[0]!.text).toBe('ask <@U0BOB> about &lt;prod&gt; &amp; staging');
  });
});

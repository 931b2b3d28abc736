import { checkBlockLimits, checkViewLimits } from './block-limits.js';
import { SlackError, type ChannelMessage, type WorkspaceState } from './state.js';

/** One Web API method: its arguments in, its result out (`ok: true` is added), or a SlackError. */
export type MethodHandler = (args: Record<string, unknown>) => Record<string, unknown>;

/** What the methods need besides the state: where uploads go. */
export interface MethodContext {
  state: WorkspaceState;
  /** Base URL of the server, for absolute `upload_url`s. */
  baseUrl(): string;
}

/** Message text past which Slack refuses or truncates (chat.postMessage's documented "truncating content"). */
const MAX_TEXT = 40_000;
const MAX_CHANNEL_NAME = 80;

const isTrue = (value: unknown) => value === true || value === 'true';
const list = (value: unknown) =>
  String(value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Refuses blocks Slack refuses: not JSON or not a list (`invalid_blocks_format`), over a limit or malformed. */
function checkMessageBlocks(blocks: unknown): void {
  if (blocks === undefined) return;
  if (!Array.isArray(blocks)) throw new SlackError('invalid_blocks_format');
  const problems = checkBlockLimits(blocks, 'message');
  if (problems.some((problem) => problem.startsWith('msg_blocks_too_long'))) throw new SlackError('msg_blocks_too_long');
  if (problems.length > 0) throw new SlackError('invalid_blocks', { errors: problems, response_metadata: { messages: problems } });
}

/**
 * The message text as Slack keeps it. chat.postMessage documents that text over 40,000 characters is
 * truncated; chat.update and chat.postEphemeral document `msg_too_long` instead (with no number, so the
 * same 40,000 is used). Neither text nor blocks is `no_text`.
 */
function messageText(args: Record<string, unknown>, truncate: boolean): string {
  const text = args.text === undefined ? '' : String(args.text);
  if (!text && args.blocks === undefined && args.attachments === undefined) throw new SlackError('no_text');
  const characters = [...text];
  if (characters.length <= MAX_TEXT) return text;
  if (!truncate) throw new SlackError('msg_too_long');
  return characters.slice(0, MAX_TEXT).join('');
}

/** conversations.create's name rules: lowercase letters, numbers, `-` and `_`, at most 80 characters. */
function checkChannelName(name: string): void {
  if (!name) throw new SlackError('invalid_name_required');
  if ([...name].length > MAX_CHANNEL_NAME) throw new SlackError('invalid_name_maxlength');
  if (!/[\p{L}\p{N}]/u.test(name)) throw new SlackError('invalid_name_punctuation');
  if (!/^[\p{Ll}\p{Lm}\p{Lo}\p{M}\p{N}_-]+$/u.test(name)) throw new SlackError('invalid_name_specials');
}

/** A message's reactions as Slack lists them: name, who reacted, and how many. */
function reactionList(message: ChannelMessage): Array<{ name: string; users: string[]; count: number }> {
  return Object.entries(message.reactions ?? {})
    .filter(([, users]) => users.length > 0)
    .map(([name, users]) => ({ name, users: [...users], count: users.length }));
}

function historyEntry(message: ChannelMessage): Record<string, unknown> {
  return {
    type: 'message',
    ts: message.ts,
    user: message.user,
    text: message.text,
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    ...(message.bot ? { bot_id: 'B0INCIDENTBOT' } : {}),
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.edited ? { edited: { user: message.user, ts: message.ts } } : {}),
    ...(reactionList(message).length > 0 ? { reactions: reactionList(message) } : {}),
  };
}

/** The Web API methods the workspace serves, each answering as Slack's documentation says. */
export function webApiMethods({ state, baseUrl }: MethodContext): Record<string, MethodHandler> {
  const memberChannel = (id: unknown) => {
    const channel = state.channel(id);
    if (!channel.members.has(state.botUserId)) throw new SlackError(channel.isPrivate || channel.isIm ? 'channel_not_found' : 'not_in_channel');
    return channel;
  };
  const view = (args: Record<string, unknown>, type: 'modal' | 'home', id?: string) => {
    const raw = args.view;
    if (typeof raw !== 'object' || raw === null) throw new SlackError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: view'] } });
    const given = raw as Record<string, unknown>;
    const problems = checkViewLimits(given);
    if (given.type !== type) problems.unshift(`[ERROR] must be ${type} [json-pointer:/view/type]`);
    if (problems.length > 0) throw new SlackError('invalid_arguments', { response_metadata: { messages: problems } });
    const viewId = id ?? state.nextId('V');
    const stored = { ...given, id: viewId, hash: String(Date.now()) };
    state.views.set(viewId, stored);
    return { view: stored };
  };

  return {
    'auth.test': () => ({
      url: 'https://local.slack.invalid/',
      team: 'Local Workspace',
      user: 'incident-timeline',
      team_id: state.teamId,
      user_id: state.botUserId,
      bot_id: 'B0INCIDENTBOT',
    }),
    'chat.postMessage': (args) => {
      const channel = state.postableChannel(args.channel);
      checkMessageBlocks(args.blocks);
      const text = messageText(args, true);
      const message = state.store({
        channel: channel.id,
        ts: state.nextTs(),
        user: state.botUserId,
        text,
        bot: true,
        ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
        ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}),
      });
      return { channel: channel.id, ts: message.ts, message: { text, ts: message.ts, user: state.botUserId } };
    },
    'chat.update': (args) => {
      const channel = state.channel(args.channel);
      const message = state.message(channel.id, args.ts);
      if (!message || message.deleted) throw new SlackError('message_not_found');
      if (message.user !== state.botUserId) throw new SlackError('cant_update_message');
      if (channel.archived) throw new SlackError('is_inactive');
      checkMessageBlocks(args.blocks);
      const text = messageText(args, false);
      if (args.text !== undefined) message.text = text;
      // Text without blocks replaces the message's blocks; blocks without text keep the old text.
      if (Array.isArray(args.blocks)) message.blocks = args.blocks;
      else if (args.text !== undefined) delete message.blocks;
      message.edited = true;
      return { channel: message.channel, ts: message.ts, text: message.text };
    },
    'chat.delete': (args) => {
      const channel = state.channel(args.channel);
      const message = state.message(channel.id, args.ts);
      if (!message || message.deleted) throw new SlackError('message_not_found');
      if (message.user !== state.botUserId) throw new SlackError('cant_delete_message');
      message.deleted = true;
      return { channel: message.channel, ts: message.ts };
    },
    'chat.postEphemeral': (args) => {
      const channel = state.channel(args.channel);
      if (channel.archived) throw new SlackError('is_archived');
      state.user(args.user);
      checkMessageBlocks(args.blocks);
      messageText(args, false);
      return { message_ts: state.nextTs() };
    },
    'chat.getPermalink': (args) => {
      const channel = state.channel(args.channel);
      const ts = String(args.message_ts ?? '');
      if (!state.message(channel.id, ts)) throw new SlackError('message_not_found');
      return { channel: channel.id, permalink: `https://local.slack.invalid/archives/${channel.id}/p${ts.replace('.', '')}` };
    },
    'conversations.create': (args) => {
      const name = String(args.name ?? '');
      checkChannelName(name);
      if ([...state.channels.values()].some((c) => !c.isIm && c.name === name)) throw new SlackError('name_taken');
      const channel = state.addChannel(name, [state.botUserId]);
      channel.isPrivate = isTrue(args.is_private);
      return { channel: state.channelInfo(channel) };
    },
    'conversations.info': (args) => ({ channel: state.channelInfo(state.channel(args.channel)) }),
    'conversations.join': (args) => {
      const channel = state.channel(args.channel);
      if (channel.isPrivate || channel.isIm) throw new SlackError('method_not_supported_for_channel_type');
      if (channel.archived) throw new SlackError('is_archived');
      channel.members.add(state.botUserId);
      return { channel: state.channelInfo(channel) };
    },
    'conversations.invite': (args) => {
      const channel = state.channel(args.channel);
      if (channel.isIm) throw new SlackError('method_not_supported_for_channel_type');
      if (channel.archived) throw new SlackError('is_archived');
      memberChannel(channel.id);
      const users = list(args.users);
      if (users.length === 0) throw new SlackError('no_user');
      users.forEach((id) => state.user(id));
      if (users.includes(state.botUserId)) throw new SlackError('cant_invite_self');
      if (users.length === 1 && channel.members.has(users[0]!)) throw new SlackError('already_in_channel');
      users.forEach((id) => channel.members.add(id));
      return { channel: state.channelInfo(channel) };
    },
    'conversations.open': (args) => {
      const users = list(args.users);
      if (users.length === 0 && args.channel === undefined) throw new SlackError('users_list_not_supplied');
      users.forEach((id) => state.user(id));
      const channel = users.length > 0 ? state.openIm(users) : state.channel(args.channel);
      return { channel: { id: channel.id } };
    },
    'conversations.history': (args) => {
      const channel = memberChannel(args.channel);
      const latest = args.latest === undefined ? Infinity : Number(args.latest);
      const oldest = args.oldest === undefined ? -Infinity : Number(args.oldest);
      const inclusive = isTrue(args.inclusive);
      const limit = Number(args.limit ?? 100);
      const inRange = (ts: number) => (inclusive ? ts <= latest && ts >= oldest : ts < latest && ts > oldest);
      const messages = state
        .channelMessages(channel.id)
        .filter((m) => (!m.threadTs || m.threadTs === m.ts) && inRange(Number(m.ts)))
        .reverse()
        .slice(0, limit)
        .map(historyEntry);
      return { messages, has_more: false };
    },
    'conversations.replies': (args) => {
      const channel = memberChannel(args.channel);
      const ts = String(args.ts ?? '');
      const messages = state
        .channelMessages(channel.id)
        .filter((m) => m.ts === ts || m.threadTs === ts)
        .map(historyEntry);
      if (messages.length === 0) throw new SlackError('thread_not_found');
      return { messages, has_more: false };
    },
    'pins.add': (args) => {
      const channel = memberChannel(args.channel);
      const ts = String(args.timestamp ?? '');
      if (!ts) throw new SlackError('no_item_specified');
      if (!state.message(channel.id, ts)) throw new SlackError('message_not_found');
      if (channel.pins.has(ts)) throw new SlackError('already_pinned');
      channel.pins.add(ts);
      return {};
    },
    'reactions.add': (args) => {
      const channel = state.channel(args.channel);
      if (!state.message(channel.id, args.timestamp)) throw new SlackError('message_not_found');
      return {};
    },
    'users.info': (args) => ({ user: state.userInfo(state.user(args.user)) }),
    'views.open': (args) => {
      if (!args.trigger_id) throw new SlackError('invalid_trigger_id');
      return view(args, 'modal');
    },
    'views.push': (args) => {
      if (!args.trigger_id) throw new SlackError('invalid_trigger_id');
      return view(args, 'modal');
    },
    'views.update': (args) => {
      const id = String(args.view_id ?? '');
      if (!state.views.has(id)) throw new SlackError('not_found');
      return view(args, 'modal', id);
    },
    'views.publish': (args) => {
      const user = state.user(args.user_id);
      const result = view(args, 'home');
      state.homeViews.set(user.id, result.view);
      return result;
    },
    'files.getUploadURLExternal': (args) => {
      const filename = String(args.filename ?? '');
      if (!filename || args.length === undefined) throw new SlackError('missing_argument');
      const id = state.nextId('F');
      state.files.set(id, { id, filename, content: Buffer.alloc(0) });
      return { upload_url: `${baseUrl()}/upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (args) => {
      const entries = (Array.isArray(args.files) ? args.files : []) as Array<{ id: string; title?: string }>;
      const channelId = args.channel_id === undefined ? undefined : state.postableChannel(args.channel_id).id;
      const files = entries.map((entry) => {
        const file = state.files.get(entry.id);
        if (!file) throw new SlackError('file_not_found');
        Object.assign(file, {
          title: entry.title ?? file.filename,
          channel: channelId,
          initialComment: args.initial_comment as string | undefined,
        });
        if (channelId) {
          const text = `${String(args.initial_comment ?? '')} [file: ${file.filename}]`.trim();
          state.store({ channel: channelId, ts: state.nextTs(), user: state.botUserId, bot: true, text });
        }
        return { id: file.id, title: file.title, name: file.filename };
      });
      return { files };
    },
  };
}

import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBlockLimits, checkViewLimits } from './block-limits.js';

/** One Web API call as the workspace received it. */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: Date;
  /** What the workspace answered (`ok: false` with an error for a refused call). */
  result: Record<string, unknown>;
  /** The HTTP status it answered with (429 and 5xx for injected faults). */
  status: number;
}

/** A JSON body posted to a slash command's `response_url`. */
export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
  at: Date;
}

/** A message as people in the channel would see it. */
export interface ChannelMessage {
  channel: string;
  ts: string;
  user: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  edited?: boolean;
  deleted?: boolean;
  /** Set for messages the bot posted. */
  bot?: boolean;
}

export interface WorkspaceUser {
  id: string;
  name: string;
  realName: string;
  tz: string;
  isBot?: boolean;
}

export interface WorkspaceChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  members: Set<string>;
  pins: Set<string>;
  archived: boolean;
}

export interface UploadedFile {
  id: string;
  filename: string;
  title?: string;
  content: Buffer;
  channel?: string;
  initialComment?: string;
}

/** A fault to answer instead of the real result: an HTTP status (429 with Retry-After, 5xx) or a platform error. */
export type Fault = { status: 429; retryAfter: number } | { status: 500 | 502 | 503 } | { error: string };

export interface LocalSlackOptions {
  botToken?: string;
  teamId?: string;
  botUserId?: string;
  /** Users known to the workspace besides the bot. */
  users?: WorkspaceUser[];
}

type Handler = (args: Record<string, unknown>, call: { token: string | undefined }) => Record<string, unknown>;

class SlackError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

const DEFAULT_USERS: WorkspaceUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Martin', tz: 'Europe/Paris' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Keller', tz: 'America/Los_Angeles' },
  { id: 'U0CAROL', name: 'carol', realName: 'Carol Rossi', tz: 'Europe/Rome' },
  { id: 'U0DAVE', name: 'dave', realName: 'Dave Schmidt', tz: 'Europe/Berlin' },
  { id: 'U0MANAGER', name: 'maria', realName: 'Maria Manager', tz: 'America/New_York' },
];

function parseValue(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The file's bytes from an upload: the body itself, or its file part when it is posted as a multipart form. */
async function uploadedBytes(body: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return body;
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const part = [...form.values()].find((value) => typeof value !== 'string');
  return typeof part === 'object' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
}

/**
 * A Slack workspace on loopback: a Web API that answers like Slack, keeps channels, messages, pins,
 * views and files, records every call, receives `response_url` posts and can be told to fail.
 */
export class LocalSlack extends EventEmitter {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponsePost[] = [];
  readonly users = new Map<string, WorkspaceUser>();
  readonly channels = new Map<string, WorkspaceChannel>();
  readonly messages: ChannelMessage[] = [];
  readonly views = new Map<string, Record<string, unknown>>();
  readonly homeViews = new Map<string, Record<string, unknown>>();
  readonly files = new Map<string, UploadedFile>();
  readonly botToken: string;
  readonly teamId: string;
  readonly botUserId: string;
  private readonly faults = new Map<string, Fault[]>();
  /** Messages by channel and ts: updates and pins find theirs at once, however long the history. */
  private readonly messagesByTs = new Map<string, ChannelMessage>();
  private readonly handlers: Record<string, Handler>;
  private server: Server | undefined;
  private baseUrl = '';
  private sequence = 0;
  private lastTs = 0;

  constructor(options: LocalSlackOptions = {}) {
    super();
    this.setMaxListeners(0);
    this.botToken = options.botToken ?? 'xoxb-local-workspace-token';
    this.teamId = options.teamId ?? 'T0LOCAL';
    this.botUserId = options.botUserId ?? 'U0INCIDENTBOT';
    for (const user of options.users ?? DEFAULT_USERS) this.users.set(user.id, user);
    this.users.set(this.botUserId, {
      id: this.botUserId,
      name: 'incident-timeline',
      realName: 'Incident Timeline',
      tz: 'UTC',
      isBot: true,
    });
    this.handlers = this.buildHandlers();
  }

  /** Base URL of the Web API, for `SLACK_API_URL` (ends with `/api/`). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** Starts listening on 127.0.0.1 (ephemeral port unless given). */
  async start(port = 0): Promise<this> {
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
    });
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops the server and drops its connections. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** A fresh `response_url` for one slash command or interaction. */
  responseUrl(): string {
    this.sequence += 1;
    return `${this.baseUrl}/response/R${this.sequence}`;
  }

  /** The next `times` calls to `method` answer with the fault instead. */
  fail(method: string, fault: Fault, times = 1): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.faults.set(method, queue);
  }

  /** Drops the faults still queued (for one method, or all). */
  clearFaults(method?: string): void {
    if (method) this.faults.delete(method);
    else this.faults.clear();
  }

  /** Calls to one method (successful or not), in order. */
  callsTo(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Resolves with the first call (already made or still to come) matching the method and predicate. */
  waitForCall(
    method: string,
    predicate: (call: ApiCall) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ApiCall> {
    return this.waitFor('call', () => this.calls.find((c) => c.method === method && predicate(c)), timeoutMs, method);
  }

  /** Resolves when at least `count` calls to the method match the predicate. */
  waitForCalls(
    method: string,
    count: number,
    predicate: (call: ApiCall) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ApiCall[]> {
    return this.waitFor(
      'call',
      () => {
        const matching = this.calls.filter((c) => c.method === method && predicate(c));
        return matching.length >= count ? matching : undefined;
      },
      timeoutMs,
      `${count} × ${method}`,
    );
  }

  /** Resolves with the first `response_url` post matching the predicate. */
  waitForResponse(predicate: (post: ResponsePost) => boolean = () => true, timeoutMs = 10_000): Promise<ResponsePost> {
    return this.waitFor('response', () => this.responses.find(predicate), timeoutMs, 'response_url post');
  }

  /** Messages of a channel in the order people see them (deleted ones left out). */
  channelMessages(channel: string): ChannelMessage[] {
    return this.messages.filter((message) => message.channel === channel && !message.deleted);
  }

  /** Adds a channel that already exists in the workspace (e.g. where a command is run). */
  addChannel(name: string, members: string[] = [], id?: string): WorkspaceChannel {
    const channel: WorkspaceChannel = {
      id: id ?? this.nextId('C'),
      name,
      isPrivate: false,
      isIm: false,
      members: new Set(members),
      pins: new Set(),
      archived: false,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** Stores a message a person posted, as Slack would, and returns it (send the event yourself). */
  postAsUser(channel: string, user: string, text: string, threadTs?: string): ChannelMessage {
    return this.store({ channel, ts: this.nextTs(), user, text, ...(threadTs ? { threadTs } : {}) });
  }

  /** Stores a message the bot posted earlier, e.g. the card of an incident stored straight in the database. */
  postAsBot(channel: string, text: string): ChannelMessage {
    return this.store({ channel, ts: this.nextTs(), user: this.botUserId, text, bot: true });
  }

  private store(message: ChannelMessage): ChannelMessage {
    this.messages.push(message);
    this.messagesByTs.set(`${message.channel} ${message.ts}`, message);
    return message;
  }

  private message(channel: unknown, ts: unknown): ChannelMessage | undefined {
    return this.messagesByTs.get(`${String(channel)} ${String(ts)}`);
  }

  private waitFor<T>(event: string, find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = find();
        if (value === undefined) return;
        clearTimeout(timer);
        this.off(event, check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.off(event, check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.on(event, check);
    });
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}${String(this.sequence).padStart(8, '0')}`;
  }

  private nextTs(): string {
    // Slack message timestamps are unique per channel and increase; microseconds keep them apart.
    const now = Date.now() * 1000;
    this.lastTs = Math.max(now, this.lastTs + 1);
    return `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const body = await readBody(request);
    if (request.method === 'POST' && url.pathname.startsWith('/api/')) {
      return this.handleApi(url.pathname.slice('/api/'.length), request, body, response);
    }
    if (request.method === 'POST' && url.pathname.startsWith('/response/')) {
      const post = { id: url.pathname.slice('/response/'.length), body: JSON.parse(body.toString('utf8')), at: new Date() };
      this.responses.push(post);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      this.emit('response', post);
      return;
    }
    if (request.method === 'POST' && url.pathname.startsWith('/upload/')) {
      const file = this.files.get(url.pathname.slice('/upload/'.length));
      if (!file) return void response.writeHead(404).end();
      file.content = await uploadedBytes(body, request.headers['content-type']);
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${body.length}`);
      return;
    }
    response.writeHead(404).end();
  }

  private handleApi(method: string, request: IncomingMessage, raw: Buffer, response: ServerResponse): void {
    const type = request.headers['content-type'] ?? '';
    const args: Record<string, unknown> = {};
    if (type.startsWith('application/json')) {
      Object.assign(args, JSON.parse(raw.toString('utf8') || '{}'));
    } else {
      for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) args[key] = parseValue(value);
    }
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? (args.token as string | undefined);
    delete args.token;

    const fault = this.faults.get(method)?.shift();
    let status = 200;
    let result: Record<string, unknown>;
    if (fault && 'status' in fault) {
      status = fault.status;
      result = { ok: false, error: status === 429 ? 'ratelimited' : 'internal_error' };
      response.writeHead(status, {
        'content-type': 'application/json',
        ...(fault.status === 429 ? { 'retry-after': String(fault.retryAfter) } : {}),
      });
    } else {
      result = this.answer(method, args, token, fault);
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    }
    response.end(JSON.stringify(result));
    const call: ApiCall = { method, args, token, at: new Date(), result, status };
    this.calls.push(call);
    this.emit('call', call);
  }

  private answer(
    method: string,
    args: Record<string, unknown>,
    token: string | undefined,
    fault: Fault | undefined,
  ): Record<string, unknown> {
    if (token !== this.botToken) return { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
    if (fault && 'error' in fault) return { ok: false, error: fault.error };
    const handler = this.handlers[method];
    if (!handler) return { ok: false, error: 'unknown_method' };
    try {
      return { ok: true, ...handler(args, { token }) };
    } catch (error) {
      if (error instanceof SlackError) return { ok: false, error: error.code, ...error.extra };
      throw error;
    }
  }

  private channel(id: unknown): WorkspaceChannel {
    const channel = this.channels.get(String(id));
    if (!channel) throw new SlackError('channel_not_found');
    return channel;
  }

  private user(id: unknown): WorkspaceUser {
    const user = this.users.get(String(id));
    if (!user) throw new SlackError('user_not_found');
    return user;
  }

  private checkBlocks(blocks: unknown): void {
    const problems = checkBlockLimits(blocks, 'message');
    if (problems.some((problem) => problem.startsWith('msg_blocks_too_long'))) {
      throw new SlackError('msg_blocks_too_long', { errors: problems });
    }
    if (problems.length > 0) throw new SlackError('invalid_blocks', { errors: problems });
  }

  private channelInfo(channel: WorkspaceChannel): Record<string, unknown> {
    return {
      id: channel.id,
      name: channel.name,
      is_channel: !channel.isPrivate && !channel.isIm,
      is_group: channel.isPrivate,
      is_im: channel.isIm,
      is_private: channel.isPrivate,
      is_archived: channel.archived,
      is_member: channel.members.has(this.botUserId),
      num_members: channel.members.size,
      created: Math.floor(Date.now() / 1000),
    };
  }

  private userInfo(user: WorkspaceUser): Record<string, unknown> {
    return {
      id: user.id,
      team_id: this.teamId,
      name: user.name,
      real_name: user.realName,
      tz: user.tz,
      is_bot: user.isBot ?? false,
      deleted: false,
      profile: { real_name: user.realName, display_name: user.name },
    };
  }

  private view(args: Record<string, unknown>, id?: string): Record<string, unknown> {
    const view = (args.view ?? {}) as Record<string, unknown>;
    const problems = checkViewLimits(view);
    if (problems.length > 0) throw new SlackError('invalid_arguments', { response_metadata: { messages: problems } });
    const viewId = id ?? this.nextId('V');
    const stored = { ...view, id: viewId, hash: String(Date.now()) };
    this.views.set(viewId, stored);
    return { view: stored };
  }

  private buildHandlers(): Record<string, Handler> {
    return {
      'auth.test': () => ({
        url: 'https://local.slack.invalid/',
        team: 'Local Workspace',
        user: 'incident-timeline',
        team_id: this.teamId,
        user_id: this.botUserId,
        bot_id: 'B0INCIDENTBOT',
      }),
      'chat.postMessage': (args) => {
        let channelId = String(args.channel ?? '');
        if (this.users.has(channelId)) channelId = this.openIm([channelId]).id;
        const channel = this.channel(channelId);
        if (channel.archived) throw new SlackError('is_archived');
        if (!channel.isIm && !channel.members.has(this.botUserId)) throw new SlackError('not_in_channel');
        this.checkBlocks(args.blocks);
        const text = String(args.text ?? '').slice(0, 40_000);
        if (!text && !args.blocks) throw new SlackError('no_text');
        const message: ChannelMessage = {
          channel: channel.id,
          ts: this.nextTs(),
          user: this.botUserId,
          text,
          bot: true,
          ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
          ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}),
        };
        this.store(message);
        return { channel: channel.id, ts: message.ts, message: { text, ts: message.ts, user: this.botUserId } };
      },
      'chat.update': (args) => {
        const message = this.message(args.channel, args.ts);
        if (!message || message.deleted) throw new SlackError('message_not_found');
        if (message.user !== this.botUserId) throw new SlackError('cant_update_message');
        this.checkBlocks(args.blocks);
        if (args.text !== undefined) message.text = String(args.text).slice(0, 40_000);
        if (Array.isArray(args.blocks)) message.blocks = args.blocks;
        message.edited = true;
        return { channel: message.channel, ts: message.ts, text: message.text };
      },
      'chat.delete': (args) => {
        const message = this.message(args.channel, args.ts);
        if (!message || message.deleted) throw new SlackError('message_not_found');
        message.deleted = true;
        return { channel: message.channel, ts: message.ts };
      },
      'chat.postEphemeral': (args) => {
        this.channel(args.channel);
        this.user(args.user);
        this.checkBlocks(args.blocks);
        return { message_ts: this.nextTs() };
      },
      'chat.getPermalink': (args) => {
        const channel = this.channel(args.channel);
        const ts = String(args.message_ts ?? '');
        if (!this.message(channel.id, ts)) throw new SlackError('message_not_found');
        return { channel: channel.id, permalink: `https://local.slack.invalid/archives/${channel.id}/p${ts.replace('.', '')}` };
      },
      'conversations.create': (args) => {
        const name = String(args.name ?? '');
        if (!/^[a-z0-9_-]{1,80}$/.test(name)) throw new SlackError('invalid_name_specials');
        if ([...this.channels.values()].some((c) => c.name === name)) throw new SlackError('name_taken');
        const channel = this.addChannel(name, [this.botUserId]);
        channel.isPrivate = args.is_private === 'true' || args.is_private === true;
        return { channel: this.channelInfo(channel) };
      },
      'conversations.info': (args) => ({ channel: this.channelInfo(this.channel(args.channel)) }),
      'conversations.join': (args) => {
        const channel = this.channel(args.channel);
        if (channel.isPrivate) throw new SlackError('method_not_supported_for_channel_type');
        channel.members.add(this.botUserId);
        return { channel: this.channelInfo(channel) };
      },
      'conversations.invite': (args) => {
        const channel = this.channel(args.channel);
        const users = String(args.users ?? '')
          .split(',')
          .filter(Boolean);
        users.forEach((id) => this.user(id));
        if (users.length === 1 && channel.members.has(users[0]!)) throw new SlackError('already_in_channel');
        users.forEach((id) => channel.members.add(id));
        return { channel: this.channelInfo(channel) };
      },
      'conversations.open': (args) => {
        const users = String(args.users ?? '')
          .split(',')
          .filter(Boolean);
        users.forEach((id) => this.user(id));
        return { channel: { id: this.openIm(users).id } };
      },
      'conversations.history': (args) => {
        const channel = this.channel(args.channel);
        const latest = args.latest === undefined ? Infinity : Number(args.latest);
        const inclusive = args.inclusive === 'true' || args.inclusive === true;
        const limit = Number(args.limit ?? 100);
        const messages = this.channelMessages(channel.id)
          .filter((m) => !m.threadTs || m.threadTs === m.ts)
          .filter((m) => (inclusive ? Number(m.ts) <= latest : Number(m.ts) < latest))
          .reverse()
          .slice(0, limit)
          .map((m) => ({ type: 'message', ts: m.ts, user: m.user, text: m.text, ...(m.bot ? { bot_id: 'B0INCIDENTBOT' } : {}) }));
        return { messages, has_more: false };
      },
      'conversations.replies': (args) => {
        const channel = this.channel(args.channel);
        const ts = String(args.ts ?? '');
        const messages = this.channelMessages(channel.id)
          .filter((m) => m.ts === ts || m.threadTs === ts)
          .map((m) => ({ type: 'message', ts: m.ts, user: m.user, text: m.text, thread_ts: m.threadTs }));
        if (messages.length === 0) throw new SlackError('thread_not_found');
        return { messages, has_more: false };
      },
      'pins.add': (args) => {
        const channel = this.channel(args.channel);
        const ts = String(args.timestamp ?? '');
        if (!this.message(channel.id, ts)) throw new SlackError('message_not_found');
        if (channel.pins.has(ts)) throw new SlackError('already_pinned');
        channel.pins.add(ts);
        return {};
      },
      'reactions.add': (args) => {
        this.channel(args.channel);
        return {};
      },
      'users.info': (args) => ({ user: this.userInfo(this.user(args.user)) }),
      'views.open': (args) => {
        if (!args.trigger_id) throw new SlackError('invalid_trigger_id');
        return this.view(args);
      },
      'views.push': (args) => {
        if (!args.trigger_id) throw new SlackError('invalid_trigger_id');
        return this.view(args);
      },
      'views.update': (args) => {
        const id = String(args.view_id ?? '');
        if (!this.views.has(id)) throw new SlackError('not_found');
        return this.view(args, id);
      },
      'views.publish': (args) => {
        const user = this.user(args.user_id);
        const result = this.view(args);
        this.homeViews.set(user.id, result.view as Record<string, unknown>);
        return result;
      },
      'files.getUploadURLExternal': (args) => {
        const filename = String(args.filename ?? '');
        if (!filename) throw new SlackError('invalid_arguments');
        const id = this.nextId('F');
        this.files.set(id, { id, filename, content: Buffer.alloc(0) });
        return { upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
      },
      'files.completeUploadExternal': (args) => {
        const entries = (Array.isArray(args.files) ? args.files : []) as Array<{ id: string; title?: string }>;
        const channelId = args.channel_id === undefined ? undefined : this.channel(args.channel_id).id;
        const files = entries.map((entry) => {
          const file = this.files.get(entry.id);
          if (!file) throw new SlackError('file_not_found');
          Object.assign(file, {
            title: entry.title ?? file.filename,
            channel: channelId,
            initialComment: args.initial_comment as string | undefined,
          });
          if (channelId) {
            this.store({
              channel: channelId,
              ts: this.nextTs(),
              user: this.botUserId,
              bot: true,
              text: `${String(args.initial_comment ?? '')} [file: ${file.filename}]`.trim(),
            });
          }
          return { id: file.id, title: file.title, name: file.filename };
        });
        return { files };
      },
    };
  }

  private openIm(users: string[]): WorkspaceChannel {
    const name = `dm-${[...users].sort().join('-')}`;
    const existing = [...this.channels.values()].find((c) => c.isIm && c.name === name);
    if (existing) return existing;
    const channel = this.addChannel(name, [...users, this.botUserId], this.nextId('D'));
    channel.isIm = true;
    return channel;
  }
}

/** Starts a local Slack workspace on loopback. */
export async function startLocalSlack(options: LocalSlackOptions = {}): Promise<LocalSlack> {
  return new LocalSlack(options).start();
}

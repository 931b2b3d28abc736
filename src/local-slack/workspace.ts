import { EventEmitter } from 'node:events';
import { webApiMethods } from './methods.js';
import type { Notification } from './notifications.js';
import { payloadLogFromEnv, type PayloadLog } from './payload-log.js';
import { Recorder, type ApiCall, type ResponsePost } from './recorder.js';
import { manifestBotScopes } from './scopes.js';
import { WorkspaceServer, type Fault, type Hold } from './server.js';
import {
  DEFAULT_USER_GROUPS,
  DEFAULT_USERS,
  WorkspaceState,
  type ChannelMessage,
  type UserGroup,
  type WorkspaceChannel,
  type WorkspaceUser,
} from './state.js';
import { encodeTyped, type WireFlavor } from './wire-text.js';

export type { AckBody, ApiCall, ResponsePost } from './recorder.js';
export type { Fault, Hold } from './server.js';
export type { Notification } from './notifications.js';
export type { ChannelMessage, UploadedFile, UserGroup, WorkspaceChannel, WorkspaceUser } from './state.js';

export interface LocalSlackOptions {
  botToken?: string;
  teamId?: string;
  botUserId?: string;
  /** Users known to the workspace besides the bot. */
  users?: WorkspaceUser[];
  /** User groups people can mention (`@oncall`). */
  userGroups?: UserGroup[];
  /** The bot scopes the installed app holds; by default those `manifest.yml` requests. */
  scopes?: readonly string[];
  /** Where payloads are written for the Block Kit checker: by default `LOCAL_SLACK_PAYLOADS_DIR`; `false` for nowhere. */
  payloadLog?: PayloadLog | false;
  /** Notifications are still recorded, but no longer fail the test (a test of the recorder itself). */
  allowNotifications?: boolean;
}

/** How a person's message is given: typed (encoded as Slack would) or already in the wire format. */
export interface PostOptions {
  threadTs?: string;
  /** The text is Slack's wire format already: stored exactly as given. */
  wire?: boolean;
}

const created = new Set<LocalSlack>();

/** Every workspace created in this process, for the test support's checks after each test. */
export function localSlacks(): ReadonlySet<LocalSlack> {
  return created;
}

/**
 * A Slack workspace on loopback: a Web API that answers and refuses like Slack, keeps channels,
 * messages, pins, views and files, records every call, receives `response_url` posts, notes the
 * notifications the bot's messages would trigger, and can be told to fail.
 */
export class LocalSlack extends EventEmitter {
  readonly botToken: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly scopes: readonly string[];
  readonly allowNotifications: boolean;
  readonly state: WorkspaceState;
  readonly recorder: Recorder;
  private readonly server: WorkspaceServer;

  constructor(options: LocalSlackOptions = {}) {
    super();
    this.setMaxListeners(0);
    this.botToken = options.botToken ?? 'xoxb-local-workspace-token';
    this.teamId = options.teamId ?? 'T0LOCAL';
    this.botUserId = options.botUserId ?? 'U0INCIDENTBOT';
    this.scopes = options.scopes ?? manifestBotScopes();
    this.allowNotifications = options.allowNotifications ?? false;
    this.state = new WorkspaceState(this.teamId, this.botUserId, options.users ?? DEFAULT_USERS, options.userGroups ?? DEFAULT_USER_GROUPS);
    const log = options.payloadLog === false ? undefined : (options.payloadLog ?? payloadLogFromEnv());
    this.recorder = new Recorder(this, log);
    const methods = webApiMethods({ state: this.state, baseUrl: () => this.server.baseUrl });
    this.server = new WorkspaceServer({ state: this.state, recorder: this.recorder, methods, botToken: this.botToken, scopes: this.scopes });
    created.add(this);
  }

  get calls(): ApiCall[] {
    return this.recorder.calls;
  }
  get responses(): ResponsePost[] {
    return this.recorder.responses;
  }
  get notifications(): Notification[] {
    return this.recorder.notifications;
  }
  get users(): Map<string, WorkspaceUser> {
    return this.state.users;
  }
  get userGroups(): Map<string, UserGroup> {
    return this.state.userGroups;
  }
  get channels(): Map<string, WorkspaceChannel> {
    return this.state.channels;
  }
  get messages(): ChannelMessage[] {
    return this.state.messages;
  }
  get views(): Map<string, Record<string, unknown>> {
    return this.state.views;
  }
  get homeViews(): Map<string, Record<string, unknown>> {
    return this.state.homeViews;
  }
  get files() {
    return this.state.files;
  }

  /** Base URL of the Web API, for `SLACK_API_URL` (ends with `/api/`). */
  get apiUrl(): string {
    return `${this.server.baseUrl}/api/`;
  }

  /** Starts listening on 127.0.0.1 (ephemeral port unless given). */
  async start(port = 0): Promise<this> {
    await this.server.start(port);
    return this;
  }

  /** Stops the server and drops its connections. */
  close(): Promise<void> {
    return this.server.close();
  }

  /** A fresh `response_url` for one slash command or interaction. */
  responseUrl(): string {
    return `${this.server.baseUrl}/response/${this.state.nextId('R')}`;
  }

  /** The next `times` calls to `method` answer with the fault instead. */
  fail(method: string, fault: Fault, times = 1): void {
    this.server.fail(method, fault, times);
  }

  /** Holds the next call to `method` on arrival until released (a request slow to reach Slack), to order calls in a test. */
  hold(method: string): Hold {
    return this.server.hold(method);
  }

  /** Drops the faults still queued (for one method, or all). */
  clearFaults(method?: string): void {
    this.server.clearFaults(method);
  }

  /** Calls to one method (successful or not), in order. */
  callsTo(method: string): ApiCall[] {
    return this.recorder.callsTo(method);
  }

  /** Resolves with the first call (already made or still to come) matching the method and predicate. */
  waitForCall(method: string, predicate?: (call: ApiCall) => boolean, timeoutMs?: number): Promise<ApiCall> {
    return this.recorder.waitForCall(method, predicate, timeoutMs);
  }

  /** Resolves when at least `count` calls to the method match the predicate. */
  waitForCalls(method: string, count: number, predicate?: (call: ApiCall) => boolean, timeoutMs?: number): Promise<ApiCall[]> {
    return this.recorder.waitForCalls(method, count, predicate, timeoutMs);
  }

  /** Resolves with the first `response_url` post matching the predicate. */
  waitForResponse(predicate?: (post: ResponsePost) => boolean, timeoutMs?: number): Promise<ResponsePost> {
    return this.recorder.waitForResponse(predicate, timeoutMs);
  }

  /** Records the bot's answer to a command or interaction (the request sender does it). */
  recordAck(status: number, text: string): void {
    this.recorder.recordAck(status, text);
  }

  /** The notifications the bot's messages triggered since the last call; the test support fails on any left. */
  takeNotifications(): Notification[] {
    return this.recorder.takeNotifications();
  }

  /** Messages of a channel in the order people see them (deleted ones left out). */
  channelMessages(channel: string): ChannelMessage[] {
    return this.state.channelMessages(channel);
  }

  /** Adds a channel that already exists in the workspace (e.g. where a command is run). */
  addChannel(name: string, members: string[] = [], id?: string): WorkspaceChannel {
    return this.state.addChannel(name, members, id);
  }

  /** Adds a user group people can mention by its handle. */
  addUserGroup(handle: string, id: string, name = handle): UserGroup {
    const group = { id, handle, name };
    this.state.userGroups.set(id, group);
    return group;
  }

  /** Typed text as Slack sends it to an app, with this workspace's people, channels and groups. */
  encode(typed: string, flavor: WireFlavor): string {
    return encodeTyped(typed, this.state, flavor);
  }

  /**
   * Stores a message a person posted, as Slack would (its text in the wire format, mentions as `<@U…>`),
   * and returns it (send the event yourself). A string as last argument is the thread's ts.
   */
  postAsUser(channel: string, user: string, text: string, options: string | PostOptions = {}): ChannelMessage {
    const { threadTs, wire } = typeof options === 'string' ? { threadTs: options, wire: false } : options;
    return this.state.store({
      channel,
      ts: this.state.nextTs(),
      user,
      text: wire ? text : this.encode(text, 'event'),
      ...(threadTs ? { threadTs } : {}),
    });
  }

  /** Edits a person's message as Slack would and returns its text before and after (for `message_changed`). */
  editAsUser(message: ChannelMessage, text: string, options: Omit<PostOptions, 'threadTs'> = {}): { before: string; after: string } {
    const before = message.text;
    message.text = options.wire ? text : this.encode(text, 'event');
    message.edited = true;
    return { before, after: message.text };
  }

  /**
   * A person adds a reaction to a message, as Slack records it (send `reaction_added` yourself, or use the
   * sender's `reactionAdded`). Slack lets a person react once with each emoji: a second time throws.
   */
  reactAsUser(message: ChannelMessage, user: string, name: string): void {
    this.state.user(user);
    const users = (message.reactions ??= {})[name] ?? [];
    if (users.includes(user)) throw new Error(`${user} already reacted with :${name}: to ${message.ts} (Slack answers already_reacted)`);
    message.reactions[name] = [...users, user];
  }

  /** A person removes their reaction from a message; removing one they did not add throws (Slack sends no event then). */
  unreactAsUser(message: ChannelMessage, user: string, name: string): void {
    const users = message.reactions?.[name] ?? [];
    if (!users.includes(user)) throw new Error(`${user} has no :${name}: on ${message.ts} to remove (Slack answers no_reaction)`);
    message.reactions![name] = users.filter((id) => id !== user);
  }

  /** Replies in the thread a message started (deleted ones left out). */
  threadReplies(message: ChannelMessage): ChannelMessage[] {
    return this.state.channelMessages(message.channel).filter((reply) => reply.threadTs === message.ts && reply.ts !== message.ts);
  }

  /** Stores a message the bot posted earlier, e.g. the card of an incident stored straight in the database. */
  postAsBot(channel: string, text: string): ChannelMessage {
    return this.state.store({ channel, ts: this.state.nextTs(), user: this.botUserId, text, bot: true });
  }
}

/** Starts a local Slack workspace on loopback. */
export async function startLocalSlack(options: LocalSlackOptions = {}): Promise<LocalSlack> {
  return new LocalSlack(options).start();
}

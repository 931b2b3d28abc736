import { createHmac, randomBytes } from 'node:crypto';
import type { ChannelMessage, LocalSlack } from './workspace.js';

/** Slack's request signature: `v0=` + HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
export function signature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The headers of a request signed as Slack signs it: content type, timestamp (seconds) and signature. */
export function signedHeaders(
  signingSecret: string,
  body: string,
  contentType: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature(signingSecret, timestamp, body),
  };
}

/** Who runs a slash command, where, and how Slack lets the app answer. */
export interface CommandFields {
  teamId: string;
  channelId: string;
  channelName: string;
  userId: string;
  userName: string;
  command?: string;
  text: string;
  responseUrl: string;
  triggerId?: string;
}

/** A slash command's form-encoded body, with every field Slack sends. */
export function commandForm(fields: CommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.teamId,
    team_domain: 'local',
    channel_id: fields.channelId,
    channel_name: fields.channelName,
    user_id: fields.userId,
    user_name: fields.userName,
    command: fields.command ?? '/incident',
    text: fields.text,
    api_app_id: 'A0INCIDENT',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `${Date.now()}.${randomBytes(6).toString('hex')}`,
  }).toString();
}

export interface SlackResponse {
  status: number;
  /** The body as text (an ack's reply, a challenge, or empty). */
  text: string;
  /** The body parsed as JSON when it is JSON. */
  json: Record<string, unknown> | undefined;
  /** Milliseconds from sending to the full response. */
  elapsedMs: number;
}

export interface SendOptions {
  /** Seconds since the epoch written in `X-Slack-Request-Timestamp` (defaults to now). */
  timestamp?: number;
  /** Signs with this secret instead of the right one (a forgery). */
  signWith?: string;
  headers?: Record<string, string>;
}

/** How a person's text is given: as typed (the default, encoded as Slack would) or already in Slack's wire format. */
export interface WireOption {
  /** The text is Slack's wire format already (`<@U123|bob> &amp; co`): sent exactly as given. */
  wire?: boolean;
}

export interface CommandOptions extends SendOptions, WireOption {
  user?: string;
  userName?: string;
  channel?: string;
  channelName?: string;
  command?: string;
  responseUrl?: string;
  triggerId?: string;
}

/**
 * Sends requests to a Bolt app as Slack does: slash commands and interactions form-encoded,
 * events as JSON, each signed with the signing secret and stamped with the time.
 */
export class SlackRequestSender {
  constructor(
    /** The app's events URL, e.g. `http://127.0.0.1:3000/slack/events`. */
    readonly url: string,
    readonly signingSecret: string,
    readonly workspace: LocalSlack,
  ) {}

  /** POSTs a raw body with Slack's headers and signature. */
  async send(body: string, contentType: string, options: SendOptions = {}): Promise<SlackResponse> {
    const started = performance.now();
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { ...signedHeaders(options.signWith ?? this.signingSecret, body, contentType, options.timestamp), ...options.headers },
      body,
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json, elapsedMs: performance.now() - started };
  }

  /**
   * Sends `/incident <text>` (or another command) as the given user in the given channel. The text is
   * what the person typed; Slack's wire format reaches the bot (`&amp;`, `<@U123|bob>`, `<!here>`…),
   * unless `wire` says it is that already.
   */
  async command(text: string, options: CommandOptions = {}): Promise<SlackResponse & { responseUrl: string }> {
    const responseUrl = options.responseUrl ?? this.workspace.responseUrl();
    const user = this.workspace.users.get(options.user ?? 'U0ALICE');
    const channel = this.workspace.channels.get(options.channel ?? '');
    const form = commandForm({
      teamId: this.workspace.teamId,
      channelId: options.channel ?? 'C0GENERAL',
      channelName: options.channelName ?? channel?.name ?? 'general',
      userId: options.user ?? 'U0ALICE',
      userName: options.userName ?? user?.name ?? 'alice',
      ...(options.command ? { command: options.command } : {}),
      text: options.wire ? text : this.workspace.encode(text, 'command'),
      responseUrl,
      ...(options.triggerId ? { triggerId: options.triggerId } : {}),
    });
    const response = await this.send(form, 'application/x-www-form-urlencoded', options);
    this.workspace.recordAck(response.status, response.text);
    return { ...response, responseUrl };
  }

  /**
   * Sends an interaction payload (block action, view submission, shortcut) exactly as given: modal
   * values are raw text in Slack too, and a shortcut's `message.text` is the stored message's wire text.
   */
  async interaction(payload: Record<string, unknown>, options: SendOptions = {}): Promise<SlackResponse> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const response = await this.send(body, 'application/x-www-form-urlencoded', options);
    this.workspace.recordAck(response.status, response.text);
    return response;
  }

  /**
   * Sends an Events API callback wrapping the event; `retryNum` marks a redelivery. The text of a
   * `message` event (`text`, `message.text`, `previous_message.text`) is typed text, encoded as Slack
   * sends it in events (`<@U123>`), unless `wire` says it is the wire format already.
   */
  event(
    event: Record<string, unknown>,
    options: SendOptions & WireOption & { eventId?: string; retryNum?: number } = {},
  ): Promise<SlackResponse> {
    if (event.type === 'message' && !options.wire) event = this.encodeMessageEvent(event);
    const envelope = {
      token: 'deprecated-verification-token',
      team_id: this.workspace.teamId,
      api_app_id: 'A0INCIDENT',
      type: 'event_callback',
      event_id: options.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.workspace.teamId, user_id: this.workspace.botUserId, is_bot: true }],
      event,
    };
    const headers =
      options.retryNum === undefined
        ? options.headers
        : { ...options.headers, 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' };
    return this.send(JSON.stringify(envelope), 'application/json', { ...options, headers });
  }

  /** Sends the `message` event of a message stored in the workspace (e.g. by `postAsUser`), as Slack does. */
  messagePosted(message: ChannelMessage, options: SendOptions = {}): Promise<SlackResponse> {
    return this.event(
      {
        type: 'message',
        channel: message.channel,
        user: message.user,
        text: message.text,
        ts: message.ts,
        event_ts: message.ts,
        channel_type: this.workspace.channels.get(message.channel)?.isPrivate ? 'group' : 'channel',
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      },
      { ...options, wire: true },
    );
  }

  /** Edits a stored message as its author (typed text, or wire with `wire`) and sends `message_changed`. */
  messageEdited(message: ChannelMessage, text: string, options: SendOptions & WireOption = {}): Promise<SlackResponse> {
    const { before, after } = this.workspace.editAsUser(message, text, options);
    const editedTs = this.workspace.state.nextTs();
    const base = { type: 'message', user: message.user, ts: message.ts, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) };
    return this.event(
      {
        type: 'message',
        subtype: 'message_changed',
        channel: message.channel,
        hidden: true,
        ts: editedTs,
        event_ts: editedTs,
        message: { ...base, text: after, edited: { user: message.user, ts: editedTs } },
        previous_message: { ...base, text: before },
      },
      { ...options, wire: true },
    );
  }

  /**
   * Deletes a stored message as its author and sends `message_deleted` — or, for a message that started a thread
   * with replies, `message_changed` to a tombstone ("This message was deleted."), as Slack does: the thread stays.
   */
  messageDeleted(message: ChannelMessage, options: SendOptions = {}): Promise<SlackResponse> {
    const hadReplies = this.workspace.threadReplies(message).length > 0;
    message.deleted = true;
    const ts = this.workspace.state.nextTs();
    if (hadReplies) {
      return this.event(
        {
          type: 'message',
          subtype: 'message_changed',
          channel: message.channel,
          hidden: true,
          ts,
          event_ts: ts,
          message: {
            type: 'message',
            subtype: 'tombstone',
            hidden: true,
            user: 'USLACKBOT',
            text: 'This message was deleted.',
            ts: message.ts,
            thread_ts: message.ts,
          },
          previous_message: { type: 'message', user: message.user, text: message.text, ts: message.ts, thread_ts: message.ts },
        },
        { ...options, wire: true },
      );
    }
    return this.event(
      {
        type: 'message',
        subtype: 'message_deleted',
        channel: message.channel,
        hidden: true,
        ts,
        event_ts: ts,
        deleted_ts: message.ts,
        previous_message: { type: 'message', user: message.user, text: message.text, ts: message.ts },
      },
      { ...options, wire: true },
    );
  }

  /**
   * A person reacts to a stored message (`:pushpin:` unless named), recorded on the message as Slack does, and
   * Slack sends `reaction_added` with the message's author as `item_user`. Options resend an event (`eventId`, `retryNum`).
   */
  reactionAdded(
    message: ChannelMessage,
    user: string,
    reaction = 'pushpin',
    options: SendOptions & { eventId?: string; retryNum?: number } = {},
  ): Promise<SlackResponse> {
    this.workspace.reactAsUser(message, user, reaction);
    return this.event(this.reactionEvent('reaction_added', message, user, reaction), options);
  }

  /** A person removes their reaction from a stored message, and Slack sends `reaction_removed`. */
  reactionRemoved(
    message: ChannelMessage,
    user: string,
    reaction = 'pushpin',
    options: SendOptions & { eventId?: string; retryNum?: number } = {},
  ): Promise<SlackResponse> {
    this.workspace.unreactAsUser(message, user, reaction);
    return this.event(this.reactionEvent('reaction_removed', message, user, reaction), options);
  }

  /** The event Slack sends for a reaction, without touching the message (to send a redelivery as it came). */
  reactionEvent(
    type: 'reaction_added' | 'reaction_removed',
    message: ChannelMessage,
    user: string,
    reaction = 'pushpin',
  ): Record<string, unknown> {
    const eventTs = this.workspace.state.nextTs();
    return {
      type,
      user,
      reaction,
      item_user: message.user,
      item: { type: 'message', channel: message.channel, ts: message.ts },
      event_ts: eventTs,
    };
  }

  /** A `message` event's texts as Slack sends them: typed text encoded with ids alone (`<@U123>`). */
  private encodeMessageEvent(event: Record<string, unknown>): Record<string, unknown> {
    const encode = (value: unknown) => (typeof value === 'string' ? this.workspace.encode(value, 'event') : value);
    const inner = (value: unknown) =>
      typeof value === 'object' && value !== null ? { ...value, text: encode((value as { text?: unknown }).text) } : value;
    return {
      ...event,
      ...('text' in event ? { text: encode(event.text) } : {}),
      ...('message' in event ? { message: inner(event.message) } : {}),
      ...('previous_message' in event ? { previous_message: inner(event.previous_message) } : {}),
    };
  }

  /** The common fields of an interaction payload sent by a user. */
  interactionBase(user = 'U0ALICE'): Record<string, unknown> {
    return {
      team: { id: this.workspace.teamId, domain: 'local' },
      user: { id: user, username: this.workspace.users.get(user)?.name ?? user, team_id: this.workspace.teamId },
      api_app_id: 'A0INCIDENT',
      token: 'deprecated-verification-token',
      trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
    };
  }
}

import { createHmac, randomBytes } from 'node:crypto';
import type { LocalSlack } from './workspace.js';

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

export interface CommandOptions extends SendOptions {
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

  /** Sends `/incident <text>` (or another command) as the given user in the given channel. */
  command(text: string, options: CommandOptions = {}): Promise<SlackResponse & { responseUrl: string }> {
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
      text,
      responseUrl,
      ...(options.triggerId ? { triggerId: options.triggerId } : {}),
    });
    return this.send(form, 'application/x-www-form-urlencoded', options).then((response) => ({
      ...response,
      responseUrl,
    }));
  }

  /** Sends an interaction payload (block action, view submission, shortcut). */
  interaction(payload: Record<string, unknown>, options: SendOptions = {}): Promise<SlackResponse> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send(body, 'application/x-www-form-urlencoded', options);
  }

  /** Sends an Events API callback wrapping the event; `retryNum` marks a redelivery. */
  event(
    event: Record<string, unknown>,
    options: SendOptions & { eventId?: string; retryNum?: number } = {},
  ): Promise<SlackResponse> {
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

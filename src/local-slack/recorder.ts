import type { EventEmitter } from 'node:events';
import { liveMentions, type Notification } from './notifications.js';
import type { PayloadLog } from './payload-log.js';

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

/** The body of the bot's HTTP answer to a command or an interaction: what Slack shows as the ack. */
export interface AckBody {
  status: number;
  text: string;
  at: Date;
}

/** Methods whose successful call shows a message to people, and so may notify them. */
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'files.completeUploadExternal']);

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the bot sent to the workspace: Web API calls, `response_url` posts and acks, the notifications
 * they would trigger, and (when a log is given) every payload as JSON lines for Slack's Block Kit checker.
 */
export class Recorder {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponsePost[] = [];
  readonly acks: AckBody[] = [];
  readonly notifications: Notification[] = [];
  private taken = 0;

  constructor(
    private readonly events: EventEmitter,
    private readonly log: PayloadLog | undefined,
  ) {}

  recordCall(call: ApiCall): void {
    this.calls.push(call);
    if (this.log && ['blocks', 'view', 'text'].some((key) => key in call.args)) {
      this.log.append({ kind: 'api', method: call.method, args: call.args });
    }
    if (call.result.ok === true && MESSAGE_METHODS.has(call.method)) {
      const channel = String(call.args.channel ?? call.args.channel_id ?? '') || undefined;
      this.notice(call.method, call.args, call.at, channel);
    }
    this.events.emit('call', call);
  }

  recordResponse(post: ResponsePost): void {
    this.responses.push(post);
    this.log?.append({ kind: 'response_url', body: post.body });
    this.notice('response_url', post.body, post.at);
    this.events.emit('response', post);
  }

  /** Records the bot's answer to a command or interaction; only a 200 with a body shows anything. */
  recordAck(status: number, text: string): void {
    if (status !== 200 || !text) return;
    const ack = { status, text, at: new Date() };
    this.acks.push(ack);
    this.log?.append({ kind: 'ack', text });
    this.notice('ack', parseJson(text) ?? { text }, ack.at);
  }

  /** The notifications recorded since the last call, which count as examined from now on. */
  takeNotifications(): Notification[] {
    const fresh = this.notifications.slice(this.taken);
    this.taken = this.notifications.length;
    return fresh;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  waitForCall(method: string, predicate: (call: ApiCall) => boolean = () => true, timeoutMs = 10_000): Promise<ApiCall> {
    return this.waitFor('call', () => this.calls.find((c) => c.method === method && predicate(c)), timeoutMs, method);
  }

  waitForCalls(
    method: string,
    count: number,
    predicate: (call: ApiCall) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ApiCall[]> {
    const find = () => {
      const matching = this.calls.filter((c) => c.method === method && predicate(c));
      return matching.length >= count ? matching : undefined;
    };
    return this.waitFor('call', find, timeoutMs, `${count} × ${method}`);
  }

  waitForResponse(predicate: (post: ResponsePost) => boolean = () => true, timeoutMs = 10_000): Promise<ResponsePost> {
    return this.waitFor('response', () => this.responses.find(predicate), timeoutMs, 'response_url post');
  }

  private notice(via: string, message: Record<string, unknown>, at: Date, channel?: string): void {
    for (const found of liveMentions(message)) {
      this.notifications.push({ via, ...(channel ? { channel } : {}), ...found, at });
    }
  }

  private waitFor<T>(event: string, find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = find();
        if (value === undefined) return;
        clearTimeout(timer);
        this.events.off(event, check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.events.off(event, check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.events.on(event, check);
    });
  }
}

import autocannon from 'autocannon';
import { commandForm, signedHeaders } from '../src/local-slack/signed-requests.js';

/** Where the slash commands are run and how they are signed. */
export interface CommandSetup {
  signingSecret: string;
  teamId: string;
  /** Base of `response_url`s (the local workspace answers any `/response/…`). */
  responseUrlBase: string;
  /** Incident channels the updates are spread over. */
  channels: readonly string[];
  /** People running the commands, by id → name. */
  users: ReadonlyArray<{ id: string; name: string }>;
}

/** A signed request ready to send. */
export interface SignedCommand {
  body: string;
  headers: Record<string, string>;
}

/** Every request of a run carries text this long, so the bare app and the bot receive the same bytes. */
const UPDATE_TEXT_LENGTH = 160;

/** `/incident …` as Slack sends it, form-encoded, stamped with the current time and signed. */
export function signedCommand(
  setup: Omit<CommandSetup, 'channels' | 'users'>,
  fields: { text: string; channel: string; user: { id: string; name: string }; sequence: number },
): SignedCommand {
  const body = commandForm({
    teamId: setup.teamId,
    channelId: fields.channel,
    channelName: fields.channel.toLowerCase(),
    userId: fields.user.id,
    userName: fields.user.name,
    text: fields.text,
    responseUrl: `${setup.responseUrlBase}/response/B${fields.sequence}`,
  });
  return { body, headers: signedHeaders(setup.signingSecret, body, 'application/x-www-form-urlencoded') };
}

/**
 * Generates `/incident update <unique text>` commands, round-robin over channels and people, each text
 * unique (so a stored update can be matched to the request) and of the same length.
 */
export class UpdateCommands {
  private sequence = 0;

  constructor(
    private readonly setup: CommandSetup,
    /** Distinguishes this run's texts from any other run's. */
    private readonly tag: string,
  ) {}

  /**
   * The next command, its update text, and its key: `<round> #<sequence>`, which the local workspace
   * reads back from the post of the update (slack-process.ts).
   */
  next(round: string): SignedCommand & { text: string; key: string } {
    this.sequence += 1;
    const sequence = this.sequence;
    const key = `${round} #${String(sequence).padStart(8, '0')}`;
    const head = `bench ${this.tag} ${key}: rolled back the canary, error rate falling`;
    const text = `${head} ${'.'.repeat(Math.max(0, UPDATE_TEXT_LENGTH - head.length - 1))}`;
    const channel = this.setup.channels[sequence % this.setup.channels.length]!;
    const user = this.setup.users[sequence % this.setup.users.length]!;
    return { ...signedCommand(this.setup, { text: `update ${text}`, channel, user, sequence }), text, key };
  }
}

/** One autocannon run against a target's `/slack/events`. */
export interface LoadResult {
  /** autocannon's own result (latency percentiles in whole ms, requests, errors, …). */
  result: autocannon.Result;
  /** Every response time in ms, unrounded, for a finer p99 beside autocannon's. */
  responseTimes: number[];
  /** Response times of the requests sent after the first second (connections open and in use). */
  steadyResponseTimes: number[];
  /** Update texts the target acknowledged (HTTP 200, empty body: Bolt's `ack()`). */
  acknowledged: string[];
  /** Responses that were not a bare acknowledgement, by status. */
  otherResponses: Record<string, number>;
  /** When each command was written (epoch ms), by its key (`<round> #<sequence>`). */
  sentAt: Map<string, number>;
}

/**
 * Runs autocannon with `connections` concurrent clients for `durationSec` seconds, each request a
 * freshly generated and signed update command (autocannon's `setupRequest` hook).
 */
export function runLoad(
  url: string,
  commands: UpdateCommands,
  options: { connections: number; durationSec: number; round: string; connectionRate?: number },
): Promise<LoadResult> {
  const acknowledged: string[] = [];
  const otherResponses: Record<string, number> = {};
  const responseTimes: number[] = [];
  const steadyResponseTimes: number[] = [];
  const sentAt = new Map<string, number>();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/slack/events`,
        connections: options.connections,
        duration: options.durationSec,
        timeout: 10,
        // autocannon 9 would "correct" paced latencies with an expected interval of 1 ms (Math.ceil(1 / rate)),
        // inventing samples: every response is recorded as measured instead.
        ...(options.connectionRate ? { connectionRate: options.connectionRate, ignoreCoordinatedOmission: true } : {}),
        requests: [
          {
            method: 'POST',
            // autocannon hands each connection's context back with its response; the text identifies the update.
            // It builds each request just before writing it, so this is when the command left.
            setupRequest: (request, context: { text?: string }) => {
              const command = commands.next(options.round);
              sentAt.set(command.key, Date.now());
              context.text = command.text;
              return { ...request, method: 'POST', path: '/slack/events', headers: command.headers, body: command.body };
            },
            onResponse: (status, body, context: { text?: string }) => {
              if (status === 200 && body === '') acknowledged.push(String(context.text));
              else otherResponses[status] = (otherResponses[status] ?? 0) + 1;
            },
          },
        ],
      },
      (error, result) =>
        error ? reject(error) : resolve({ result, responseTimes, steadyResponseTimes, acknowledged, otherResponses, sentAt }),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      responseTimes.push(responseTime);
      if (performance.now() - responseTime - started >= 1000) steadyResponseTimes.push(responseTime);
    });
  });
}

import {
  App,
  HTTPReceiver,
  type AckFn,
  type AppOptions,
  type BufferedIncomingMessage,
  type CustomRoute,
  type Logger as SlackLogger,
  type ReceiverEvent,
} from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { IncomingMessage } from 'node:http';
import { registerHandlers } from '../handlers/index.js';
import type { AppDeps } from './app-deps.js';
import type { InFlight } from './async.js';
import { attachTurn, StagedOrder } from './keyed-order.js';
import { toSlackLogger } from './logger.js';
import type { AckKind, Metrics } from './metrics.js';
import { opsRoutes, type Readiness } from './ops-routes.js';
import type { BotIdentity } from './slack/bot-identity.js';

/** Where Slack sends commands, interactivity and events. */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface BuildAppOptions {
  /** How the Web API client retries 429, 5xx and network errors. */
  retryConfig: RetryOptions;
  identity: BotIdentity;
  /** True once shutdown began: readiness turns false so load balancers stop sending. */
  isStopping: () => boolean;
  /** Further readiness checks of this process (a worker's reminders). */
  readiness?: Readiness;
}

/**
 * What a Slack request was, from the body Bolt buffered, searched as bytes: events are JSON; in a form,
 * `=` inside a value is percent-encoded, so `command=` and `payload=` can only be field names.
 */
function ackKind(request: IncomingMessage): AckKind | undefined {
  const body = (request as Partial<BufferedIncomingMessage>).rawBody;
  if (!body) return undefined;
  if ((request.headers['content-type'] ?? '').startsWith('application/json')) {
    return body.includes('"event_callback"') ? 'event' : undefined;
  }
  if (body.includes('command=')) return 'command';
  if (body.includes('payload=')) return 'interaction';
  return undefined;
}

/**
 * Bolt's HTTP receiver on `/slack/events`, timing every acknowledged Slack request from its arrival to
 * the end of the HTTP response that carries the ack: what Slack measures against its 3 s. Refused
 * requests (401, 400…) are not acks.
 */
function timedReceiver(signingSecret: string, customRoutes: CustomRoute[], logger: SlackLogger, metrics: Metrics): HTTPReceiver {
  const receiver = new HTTPReceiver({ signingSecret, endpoints: SLACK_EVENTS_PATH, customRoutes, logger });
  const serve = receiver.requestListener;
  receiver.requestListener = (request, response) => {
    const started = performance.now();
    response.once('finish', () => {
      const kind = response.statusCode === 200 && request.url?.startsWith(SLACK_EVENTS_PATH) ? ackKind(request) : undefined;
      if (kind) metrics.ackLatency.observe({ kind }, (performance.now() - started) / 1000);
    });
    serve(request, response);
  };
  return receiver;
}

/** The channel a Slack request is about, when it has one: commands, buttons, forms, shortcuts and channel events. */
export function orderKey(body: unknown): string | undefined {
  const b = (body ?? {}) as {
    channel_id?: unknown;
    channel?: { id?: unknown };
    container?: { channel_id?: unknown };
    view?: { private_metadata?: unknown };
    event?: { channel?: unknown; item?: { channel?: unknown } };
  };
  let key = b.channel_id ?? b.channel?.id ?? b.container?.channel_id ?? b.event?.channel ?? b.event?.item?.channel;
  if (key === undefined && typeof b.view?.private_metadata === 'string') {
    try {
      key = (JSON.parse(b.view.private_metadata) as { channelId?: unknown }).channelId;
    } catch {
      key = undefined;
    }
  }
  return typeof key === 'string' && key ? key : undefined;
}

/**
 * A Bolt app that applies each channel's requests in the order they reached this process: every request
 * takes its place in line on arrival and is acknowledged at once, and the work after its ack waits until
 * the requests before it in the same channel are done changing things; its posts wait for theirs (`StagedTurn`).
 * Other channels go on in parallel. Every request's work counts as in flight, so a shutdown (and a test's
 * settle) waits for it.
 */
class OrderedApp extends App {
  private readonly order = new StagedOrder();

  constructor(
    options: AppOptions,
    private readonly inFlight: InFlight,
  ) {
    super(options);
  }

  override processEvent(event: ReceiverEvent): Promise<void> {
    const key = orderKey(event.body);
    if (!key) return this.inFlight.run(() => super.processEvent(event));
    const turn = this.order.enter(key);
    attachTurn(event.body, turn);
    const ack: AckFn<unknown> = async (response) => {
      await event.ack(response);
      await turn.ready;
    };
    return this.inFlight.run(async () => {
      try {
        await super.processEvent({ ...event, ack });
      } finally {
        turn.end();
      }
    });
  }
}

/** Builds the configured Bolt app: HTTP receiver on `/slack/events` (or Socket Mode), ops routes, listeners. */
export function buildApp(deps: AppDeps, options: BuildAppOptions): App {
  const { config, logger } = deps;
  const slackLogger = toSlackLogger(logger);
  const customRoutes = opsRoutes(deps, options.isStopping, options.readiness);
  const common = {
    extendedErrorHandler: true,
    // The bot keeps its state in MongoDB; Bolt's conversation store would only cost every request time.
    convoStore: false as const,
    logger: slackLogger,
    // What authorize returns becomes each request's context: the dependencies ride along, with no middleware.
    authorize: async (source: Parameters<typeof options.identity.authorize>[0], body?: unknown) => ({
      ...(await options.identity.authorize(source, body as never)),
      deps,
    }),
    clientOptions: {
      ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
      retryConfig: options.retryConfig,
      timeout: 15_000,
    },
  };
  const app = config.slackAppToken
    ? new OrderedApp(
        { ...common, socketMode: true, appToken: config.slackAppToken, customRoutes, installerOptions: { port: config.port } },
        deps.inFlight,
      )
    : new OrderedApp({ ...common, receiver: timedReceiver(config.slackSigningSecret!, customRoutes, slackLogger, deps.metrics) }, deps.inFlight);
  registerHandlers(app, deps);
  return app;
}

import { App, HTTPReceiver, type BufferedIncomingMessage } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { IncomingMessage } from 'node:http';
import { registerHandlers } from '../handlers/index.js';
import type { AppDeps } from './app-deps.js';
import { toSlackLogger } from './logger.js';
import type { AckKind, Metrics } from './metrics.js';
import { opsRoutes } from './ops-routes.js';
import type { BotIdentity } from './slack/bot-identity.js';

/** Where Slack sends commands, interactivity and events. */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface BuildAppOptions {
  /** How the Web API client retries 429, 5xx and network errors. */
  retryConfig: RetryOptions;
  identity: BotIdentity;
  /** True once shutdown began: readiness turns false so load balancers stop sending. */
  isStopping: () => boolean;
}

/** What a Slack request was, from the body Bolt buffered: events are JSON, commands and interactions forms. */
function ackKind(request: IncomingMessage): AckKind | undefined {
  const body = (request as Partial<BufferedIncomingMessage>).rawBody?.toString('utf8') ?? '';
  if ((request.headers['content-type'] ?? '').startsWith('application/json')) {
    return /"type"\s*:\s*"event_callback"/.test(body) ? 'event' : undefined;
  }
  if (/(?:^|&)command=/.test(body)) return 'command';
  if (/(?:^|&)payload=/.test(body)) return 'interaction';
  return undefined;
}

/**
 * Times every acknowledged Slack request, from its arrival to the end of the HTTP response that
 * carries the ack: what Slack measures against its 3 s. Refused requests (401, 400…) are not acks.
 */
function timeAcks(receiver: HTTPReceiver, metrics: Metrics): void {
  const serve = receiver.requestListener;
  receiver.requestListener = (request, response) => {
    const started = performance.now();
    response.once('finish', () => {
      const kind = response.statusCode === 200 && request.url?.startsWith(SLACK_EVENTS_PATH) ? ackKind(request) : undefined;
      if (kind) metrics.ackLatency.observe({ kind }, (performance.now() - started) / 1000);
    });
    serve(request, response);
  };
}

/** Builds the configured Bolt app: HTTP receiver on `/slack/events` (or Socket Mode), ops routes, listeners. */
export function buildApp(deps: AppDeps, options: BuildAppOptions): App {
  const { config, logger } = deps;
  const slackLogger = toSlackLogger(logger);
  const customRoutes = opsRoutes(deps, options.isStopping);
  const common = {
    extendedErrorHandler: true,
    // The bot keeps its state in MongoDB; Bolt's conversation store would only cost every request time.
    convoStore: false as const,
    logger: slackLogger,
    authorize: options.identity.authorize,
    clientOptions: {
      ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
      retryConfig: options.retryConfig,
      timeout: 15_000,
    },
  };
  if (config.slackAppToken) {
    return registered(
      new App({ ...common, socketMode: true, appToken: config.slackAppToken, customRoutes, installerOptions: { port: config.port } }),
      deps,
    );
  }
  const receiver = new HTTPReceiver({
    signingSecret: config.slackSigningSecret!,
    endpoints: SLACK_EVENTS_PATH,
    customRoutes,
    logger: slackLogger,
  });
  timeAcks(receiver, deps.metrics);
  return registered(new App({ ...common, receiver }), deps);
}

function registered(app: App, deps: AppDeps): App {
  registerHandlers(app, deps);
  return app;
}

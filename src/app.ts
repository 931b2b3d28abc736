import { App, type CustomRoute } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import { registerHandlers } from '../handlers/index.js';
import type { AppDeps } from './app-deps.js';
import { toSlackLogger } from './logger.js';
import { pingRedis } from './redis.js';
import type { BotIdentity } from './slack/bot-identity.js';

export interface BuildAppOptions {
  /** How the Web API client retries 429, 5xx and network errors. */
  retryConfig: RetryOptions;
  identity: BotIdentity;
  /** True once shutdown began: readiness turns false so load balancers stop sending. */
  isStopping: () => boolean;
}

function json(response: Parameters<CustomRoute['handler']>[1], status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** `/healthz` (the process serves) and `/readyz` (MongoDB and Redis answer, not shutting down). */
function healthRoutes(deps: AppDeps, isStopping: () => boolean): CustomRoute[] {
  return [
    { path: '/healthz', method: ['GET', 'HEAD'], handler: (_request, response) => json(response, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      method: ['GET', 'HEAD'],
      handler: (_request, response) => {
        void Promise.all([deps.database.ping(), pingRedis(deps.redis)]).then(([mongodb, redis]) => {
          const ready = mongodb && redis && !isStopping();
          json(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', mongodb, redis, stopping: isStopping() });
        });
      },
    },
  ];
}

/** Builds the configured Bolt app: HTTP receiver on `/slack/events` (or Socket Mode), health routes, listeners. */
export function buildApp(deps: AppDeps, options: BuildAppOptions): App {
  const { config, logger } = deps;
  const common = {
    extendedErrorHandler: true,
    logger: toSlackLogger(logger),
    authorize: options.identity.authorize,
    clientOptions: {
      ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
      retryConfig: options.retryConfig,
      timeout: 15_000,
    },
    customRoutes: healthRoutes(deps, options.isStopping),
  };
  const app = config.slackAppToken
    ? new App({ ...common, socketMode: true, appToken: config.slackAppToken, installerOptions: { port: config.port } })
    : new App({ ...common, signingSecret: config.slackSigningSecret!, endpoints: '/slack/events' });

  registerHandlers(app, deps);
  return app;
}

import type { CustomRoute } from '@slack/bolt';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AppDeps } from './app-deps.js';
import { pingRedis } from './redis.js';

type Response = Parameters<CustomRoute['handler']>[1];

function json(response: Response, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Named readiness checks a process adds to MongoDB and Redis answering (e.g. a worker's reminder queue). */
export type Readiness = Readonly<Record<string, () => boolean>>;

/**
 * `/healthz` (the process serves; cheap, touches nothing), `/readyz` (MongoDB and Redis answer, every
 * further check holds, and the process is not shutting down) and `/metrics` (Prometheus text format).
 */
export function opsRoutes(
  deps: Pick<AppDeps, 'database' | 'redis' | 'metrics' | 'logger'>,
  isStopping: () => boolean,
  readiness: Readiness = {},
): CustomRoute[] {
  return [
    {
      path: '/healthz',
      method: ['GET', 'HEAD'],
      handler: (_request, response) => json(response, 200, { status: 'ok' }),
    },
    {
      path: '/readyz',
      method: ['GET', 'HEAD'],
      handler: (_request, response) => {
        void Promise.all([deps.database.ping(), pingRedis(deps.redis)]).then(([mongodb, redis]) => {
          const checks = Object.fromEntries(Object.entries(readiness).map(([name, check]) => [name, check()]));
          const ready = mongodb && redis && Object.values(checks).every(Boolean) && !isStopping();
          json(response, ready ? 200 : 503, {
            status: ready ? 'ready' : 'not ready',
            mongodb,
            redis,
            ...checks,
            stopping: isStopping(),
          });
        });
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_request, response) => {
        deps.metrics.render().then(
          ({ contentType, body }) => {
            response.writeHead(200, { 'content-type': contentType });
            response.end(body);
          },
          (error: unknown) => {
            deps.logger.warn({ err: error }, 'metrics could not be rendered');
            json(response, 500, { status: 'error' });
          },
        );
      },
    },
  ];
}

/**
 * Serves the given routes on their own HTTP server, for a process without Bolt's receiver (the
 * worker role), so probes and scrapes find the same paths on every role.
 */
export async function startOpsServer(routes: readonly CustomRoute[], port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((candidate) => candidate.path === path);
    if (!route) return void json(response, 404, { status: 'not found' });
    const methods = [route.method].flat().map((method) => method.toUpperCase());
    if (!methods.includes(request.method ?? 'GET'))
      return void json(response, 405, { status: 'method not allowed' });
    route.handler(request, response);
  });
  server.listen(port);
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => Promise.reject(error as Error)),
  ]);
  return server;
}

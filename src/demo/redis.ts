import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A Redis the demo can use, and how to let go of it. */
export interface DemoRedis {
  url: string;
  /** True when the demo started this Redis itself. */
  started: boolean;
  stop(): Promise<void>;
}

/** True when a Redis at `url` answers PING within a second. */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function onPath(command: string): Promise<boolean> {
  const child = spawn(command, ['--version'], { stdio: 'ignore' });
  return once(child, 'exit').then(
    ([code]) => code === 0,
    () => false,
  );
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Uses the Redis at `url` when it answers; otherwise starts `redis-server` on a free loopback port with
 * no persistence, stopped again by `stop()`. Throws one line saying what to do when neither works.
 */
export async function ensureRedis(url: string): Promise<DemoRedis> {
  if (await redisAnswers(url)) return { url, started: false, stop: async () => undefined };
  if (!(await onPath('redis-server'))) {
    throw new Error(
      `Nothing answers at ${url} and redis-server is not installed: install it (apt-get install redis-server, ` +
        'brew install redis) or set REDIS_URL to a running Redis.',
    );
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const started = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100 && child.exitCode === null; attempt += 1) {
    if (await redisAnswers(started)) return { url: started, started: true, stop: () => stopChild(child) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopChild(child);
  throw new Error(`redis-server did not come up on port ${port}; set REDIS_URL to a running Redis.`);
}

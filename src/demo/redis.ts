import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort, stopProcess } from '../processes.js';
import { redisAnswers } from '../redis.js';

/** A Redis the demo can use, and how to let go of it. */
export interface DemoRedis {
  url: string;
  /** True when the demo started this Redis itself. */
  started: boolean;
  stop(): Promise<void>;
}

async function onPath(command: string): Promise<boolean> {
  const child = spawn(command, ['--version'], { stdio: 'ignore' });
  return once(child, 'exit').then(
    ([code]) => code === 0,
    () => false,
  );
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
    if (await redisAnswers(started)) return { url: started, started: true, stop: () => stopProcess(child, 3_000) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopProcess(child, 3_000);
  throw new Error(`redis-server did not come up on port ${port}; set REDIS_URL to a running Redis.`);
}

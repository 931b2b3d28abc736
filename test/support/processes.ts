import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../src/processes.js';
import { redisAnswers } from '../../src/redis.js';

export { freePort };

/** A child process with its output kept, and a promise of its exit code. */
export interface Child {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
  /** Sends a signal (default SIGKILL) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Spawns a process, collecting its output; it is killed if the test process ends first. */
export function spawnChild(command: string, args: string[], env: Record<string, string | undefined> = {}): Child {
  const child = spawn(command, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => {
    children.delete(child);
    return code as number | null;
  });
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    async stop(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the embedded MongoDB as its own process (`npm run embedded-mongo`), on a given or free port. */
export async function startMongoProcess(port?: number): Promise<Child & { uri: string; port: number }> {
  const chosen = port ?? (await freePort());
  const child = spawnChild(process.execPath, ['--import', 'tsx', 'src/embedded-mongo/main.ts', '--port', String(chosen)]);
  const [line] = (await Promise.race([once(child.child.stdout!, 'data'), child.exited.then(() => [Buffer.from('')])])) as [Buffer];
  const uri = line.toString().trim();
  if (!uri.startsWith('mongodb://')) throw new Error(`embedded MongoDB did not start: ${child.output().stderr}`);
  return { ...child, uri, port: chosen };
}

/** Runs a throwaway redis-server (no persistence) on a given or free port, ready when it returns. */
export async function startRedisProcess(port?: number): Promise<Child & { url: string; port: number }> {
  const chosen = port ?? (await freePort());
  const child = spawnChild('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  const url = `redis://127.0.0.1:${chosen}`;
  for (;;) {
    if (child.child.exitCode !== null) throw new Error(`redis-server exited: ${child.output().stdout}`);
    if (await redisAnswers(url)) return { ...child, url, port: chosen };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs the bot as `npm start` does (with `args` such as `--role worker`), and waits until it serves /healthz. */
export async function startBotProcess(env: Record<string, string>, args: string[] = []): Promise<Child & { url: string }> {
  const port = env.PORT ?? String(await freePort());
  const child = spawnChild(process.execPath, ['--import', 'tsx', 'src/server.ts', ...args], { ...env, PORT: port });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.child.exitCode !== null) throw new Error(`bot exited: ${child.output().stderr}${child.output().stdout}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { ...child, url };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

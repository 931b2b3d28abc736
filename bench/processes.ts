import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stopProcess } from '../src/processes.js';

/** A method a child serves: takes JSON-able params, returns a JSON-able result. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Method = (params: any) => unknown;

/** What a child serves over IPC: method name → implementation. */
export type Methods = Record<string, Method>;

interface CallMessage {
  call: string;
  id: number;
  params: unknown;
}

interface ReplyMessage {
  id: number;
  result?: unknown;
  error?: string;
}

interface ReadyMessage {
  ready: Record<string, unknown>;
}

/**
 * In a child process: serves `methods` to the parent, then tells it the child is ready with `info`.
 * Errors are sent back as messages, so the parent's call rejects with the child's reason.
 */
export function serveParent(methods: Methods, info: Record<string, unknown>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('this process must be started by the benchmark (it needs an IPC channel)');
  process.on('message', (message: CallMessage) => {
    const method = methods[message.call];
    const reply = (body: Omit<ReplyMessage, 'id'>) => send({ id: message.id, ...body });
    if (!method) return reply({ error: `no method ${message.call}` });
    Promise.resolve()
      .then(() => method(message.params))
      .then(
        (result) => reply({ result: result ?? null }),
        (error: unknown) => reply({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  // The parent going away (Ctrl-C, a crash) must not leave this process behind.
  process.on('disconnect', () => process.exit(0));
  send({ ready: info } satisfies ReadyMessage);
}

/** A child process started by the benchmark, and a typed way to call what it serves. */
export interface Child<M extends Methods> {
  name: string;
  pid: number;
  /** What the child reported when it became ready (its URL, …). */
  info: Record<string, unknown>;
  call<K extends keyof M & string>(method: K, ...params: Parameters<M[K]>): Promise<Awaited<ReturnType<M[K]>>>;
  /** Stops the child: asks it to stop (its `stop` method) when it has one, then kills what is left. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Path of a file next to this one, for `fork`. */
export function benchFile(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

/** `BENCH_PERF_MAP=1`: the children write `/tmp/perf-<pid>.map`, so Linux `perf` can name their JavaScript frames. */
const PERF_MAP_FLAGS = process.env.BENCH_PERF_MAP === '1' ? ['--perf-basic-prof'] : [];

/**
 * Forks `script` (TypeScript, through tsx) with an IPC channel, its output appended to `logFile`,
 * and waits until it says it is ready.
 */
export async function startChild<M extends Methods>(
  name: string,
  script: string,
  options: { env: Record<string, string | undefined>; logFile: string; execArgv?: string[] },
): Promise<Child<M>> {
  const log = openSync(options.logFile, 'a');
  const child = fork(script, [], {
    execArgv: ['--import', 'tsx', ...PERF_MAP_FLAGS, ...(options.execArgv ?? [])],
    env: options.env,
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  running.add(child);
  const exited = once(child, 'exit').then(([code, signal]) => {
    running.delete(child);
    return { code: code as number | null, signal: signal as string | null };
  });

  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let ready: ((info: Record<string, unknown>) => void) | undefined;
  const readyInfo = new Promise<Record<string, unknown>>((resolve) => (ready = resolve));
  child.on('message', (message: ReplyMessage | ReadyMessage) => {
    if ('ready' in message) return ready?.(message.ready);
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.error !== undefined) waiting.reject(new Error(`${name}: ${message.error}`));
    else waiting.resolve(message.result);
  });
  void exited.then(({ code, signal }) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`${name} exited (code ${code}, signal ${signal}); see ${options.logFile}`));
    pending.clear();
  });

  const info = await Promise.race([
    readyInfo,
    exited.then(({ code, signal }) => {
      throw new Error(`${name} exited before it was ready (code ${code}, signal ${signal}); see ${options.logFile}`);
    }),
  ]);

  const send = (method: string, params: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`${name} is not running`));
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ call: method, id, params } satisfies CallMessage);
    });

  return {
    name,
    pid: child.pid!,
    info,
    call: (method, ...params) => send(method, params[0]) as Promise<Awaited<ReturnType<M[typeof method]>>>,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Asked first, the child stops cleanly and exits by itself (writing its CPU profile, if any).
      if (child.connected) void send('stop', undefined).catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 20_000))),
      ]);
      clearTimeout(timer);
      if (stopped) return;
      await stopProcess(child, 5_000);
    },
  };
}

/** A plain process (not a benchmark child): the embedded MongoDB started as `npm run embedded-mongo` does. */
export interface MongoProcess {
  uri: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the embedded MongoDB in its own process on a free port and returns its URI. */
export async function startEmbeddedMongoProcess(logFile: string, execArgv: string[] = []): Promise<MongoProcess> {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', ...execArgv, benchFile('../src/embedded-mongo/main.ts'), '--port', '0'], {
    stdio: ['ignore', 'pipe', log],
  });
  closeSync(log);
  running.add(child);
  const exited = once(child, 'exit').then(() => running.delete(child));
  const firstLine = await Promise.race([
    once(child.stdout!, 'data').then(([chunk]) => String(chunk).trim()),
    exited.then(() => ''),
  ]);
  if (!firstLine.startsWith('mongodb://')) throw new Error(`the embedded MongoDB did not start; see ${logFile}`);
  child.stdout!.resume();
  return {
    uri: firstLine,
    pid: child.pid!,
    stop: () => stopProcess(child, 5_000),
  };
}

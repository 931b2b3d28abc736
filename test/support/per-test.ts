import { afterEach } from 'vitest';
import { startTestBot, type TestBot, type TestBotOptions } from './harness.js';
import { watchJobs } from './jobs.js';

/**
 * What a test starts and must stop once it ends, the last started stopped first: bots, job watchers, processes.
 * Call it once at the top of a test file.
 */
export function stoppedAfterEach() {
  const stops: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    while (stops.length > 0) await stops.pop()!();
  });
  /** Registers `value` to be stopped with `stop` after the test, and returns it. */
  const later = <T>(value: T, stop: (value: T) => Promise<unknown>): T => {
    stops.push(() => stop(value));
    return value;
  };
  return {
    later,
    bot: async (options: TestBotOptions = {}): Promise<TestBot> => later(await startTestBot(options), (t) => t.close()),
    jobs: async (prefix: string, redisUrl?: string) => later(await watchJobs(prefix, redisUrl), (watcher) => watcher.close()),
  };
}

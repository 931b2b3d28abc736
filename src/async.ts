/** Fails a promise that takes longer than `ms`; health checks must answer even when a dependency hangs. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Counts work that is under way, so a shutdown can wait for what was already acknowledged. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Runs `work` and remembers it until it settles. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.running.add(promise);
    const forget = () => this.running.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when all work under way has settled, or after `timeoutMs`; true when everything finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 && Date.now() < deadline) {
      await withTimeout(Promise.allSettled([...this.running]), deadline - Date.now(), 'drain').catch(() => undefined);
    }
    return this.running.size === 0;
  }
}

import type { Logger } from '../src/logger.js';
import type { ReminderScheduler } from './scheduler.js';

/**
 * Rebuilds the reminder queue from MongoDB: at start, after every Redis reconnect, and every interval (Redis can
 * lose jobs while the connection stays up: a flush, an eviction, a failover). Runs never overlap; each adds only
 * the jobs that are missing, under deterministic ids.
 */
export class Reconciler {
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSuccess = 0;

  constructor(
    private readonly scheduler: ReminderScheduler,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Reconciles now, unless a run is under way (then waits for it). */
  run(): Promise<void> {
    this.running ??= this.scheduler
      .reconcile()
      .then(
        (count) => {
          this.lastSuccess = Date.now();
          this.logger.debug({ count }, 'reminders reconciled');
        },
        (error: unknown) => this.logger.warn({ err: error }, 'reminder reconciliation failed; it runs again at the next interval'),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Reconciles every interval until `stop()`. */
  start(): void {
    this.timer ??= setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
  }

  /** True while the queue was rebuilt recently enough (within three intervals) for its reminders to be trusted. */
  get current(): boolean {
    return Date.now() - this.lastSuccess <= 3 * this.intervalMs;
  }

  /** Stops the interval and waits for a run under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

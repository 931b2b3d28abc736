import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most files spend their time waiting on real timers (reminders seconds apart), not on a CPU: at least two at
    // once, also on two cores (the default there is one).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Slack's Block Kit models check every payload of the run at the end; a problem fails the run.
    globalSetup: ['test/support/block-kit-conformance.ts'],
    // Fails a test whose bot sent a live broadcast or user-group mention.
    setupFiles: ['test/support/setup.ts'],
  },
});

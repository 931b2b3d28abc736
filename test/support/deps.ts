import { afterAll, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import type { Incident } from '../../models/incident.js';
import type { AppDeps } from '../../src/app-deps.js';
import { InFlight } from '../../src/async.js';
import { cadenceForSeverity, parseConfig } from '../../src/config.js';
import type { Database } from '../../src/database.js';
import { startLocalSlack, type LocalSlack } from '../../src/local-slack/workspace.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { RecentIncidents } from '../../src/services/recent-incidents.js';
import { CardRefresher } from '../../src/slack/card.js';
import { createSlackClient, NO_RETRY } from '../../src/slack/client.js';
import { useTestDatabase } from './database.js';
import { REDIS_URL, TEST_CARD_SPACING_MS, TEST_RETRY } from './harness.js';

/** What flows and listeners need, built without the Bolt app: for unit tests that call them directly. */
export interface TestDeps {
  deps: AppDeps;
  slack: LocalSlack;
  /** Incidents the flows asked to schedule a reminder for, in order. */
  scheduled: Incident[];
  close(): Promise<void>;
}

/** Dependencies on a local Slack workspace and the test database, with scheduling recorded instead of queued. */
export async function createTestDeps(database: Database, env: Record<string, string> = {}): Promise<TestDeps> {
  const slack = await startLocalSlack();
  const parsed = parseConfig({ SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl, ...env });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const config = parsed.config;
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', secrets: [slack.botToken] });
  const metrics = new Metrics();
  const client = createSlackClient(config, logger, { retryConfig: TEST_RETRY }, metrics);
  const stepSlack = createSlackClient(config, logger, { retryConfig: NO_RETRY, rejectRateLimitedCalls: true }, metrics);
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  const scheduled: Incident[] = [];
  const deps: AppDeps = {
    config,
    logger,
    inFlight: new InFlight(),
    database,
    redis,
    slack: client,
    backgroundSlack: client,
    stepSlack,
    cadence: (severity) => cadenceForSeverity(config, severity),
    cards: new CardRefresher(stepSlack, logger, TEST_CARD_SPACING_MS),
    recentIncidents: new RecentIncidents(),
    reminders: { schedule: async (incident) => void scheduled.push(incident) },
    metrics,
    botUserId: () => slack.botUserId,
  };
  return {
    deps,
    slack,
    scheduled,
    async close() {
      redis.disconnect();
      await slack.close();
    },
  };
}

/**
 * The file's dependencies on a test database of their own: made before its tests, closed after them. The object
 * returned is filled in then, so tests read `t.deps`, `t.slack`… as usual.
 */
export function testDepsForFile(env: Record<string, string> = {}): TestDeps {
  const t = {} as TestDeps;
  let db: Awaited<ReturnType<typeof useTestDatabase>> | undefined;
  beforeAll(async () => {
    db = await useTestDatabase();
    Object.assign(t, await createTestDeps(db.database, env));
  });
  afterAll(async () => {
    await t.close?.();
    await db?.close();
  });
  return t;
}

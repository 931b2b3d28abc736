import { randomBytes } from 'node:crypto';
import type { RetryOptions } from '@slack/web-api';
import type { DestinationStream } from 'pino';
import { startBot, type BotOptions, type RunningBot } from '../bot.js';
import { parseConfig, type Config } from '../config.js';
import { createLogger } from '../logger.js';
import { SlackRequestSender } from './signed-requests.js';
import { startLocalSlack, type LocalSlack, type WorkspaceUser } from './workspace.js';

/** The real bot in HTTP mode, served by a local Slack workspace, and a way to talk to it as Slack does. */
export interface LocalStack {
  slack: LocalSlack;
  bot: RunningBot;
  sender: SlackRequestSender;
  config: Config;
  signingSecret: string;
  /** Resolves once every piece of work the bot acknowledged has finished. */
  settle(timeoutMs?: number): Promise<void>;
  /** Stops the bot, then the workspace when this stack started it. */
  close(): Promise<void>;
}

export interface LocalStackOptions {
  /** Configuration on top of the workspace's token, API URL and a generated signing secret. */
  env: Record<string, string>;
  /** Reuse a running workspace (several replicas, a restart); otherwise one is started. */
  slack?: LocalSlack;
  /** The people of a workspace started here (its defaults otherwise). */
  users?: WorkspaceUser[];
  role?: BotOptions['role'];
  dbName?: string;
  retryConfig?: RetryOptions;
  stepRetry?: BotOptions['stepRetry'];
  cardSpacingMs?: BotOptions['cardSpacingMs'];
  logLevel: string;
  logDestination?: DestinationStream;
}

/**
 * Starts the real bot on a free port against a local Slack workspace, with a freshly generated signing
 * secret: what the tests and the demo run on.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const slack = options.slack ?? (await startLocalSlack(options.users ? { users: options.users } : {}));
  const signingSecret = randomBytes(16).toString('hex');
  const parsed = parseConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    ...options.env,
  });
  if (!parsed.ok) {
    if (!options.slack) await slack.close();
    throw new Error(parsed.problems.join('\n'));
  }
  const config = parsed.config;
  const logger = createLogger({ level: options.logLevel, secrets: [slack.botToken, signingSecret], destination: options.logDestination });
  let bot: RunningBot;
  try {
    bot = await startBot(config, {
      logger,
      role: options.role ?? 'all',
      ...(options.dbName ? { dbName: options.dbName } : {}),
      ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
      ...(options.stepRetry ? { stepRetry: options.stepRetry } : {}),
      ...(options.cardSpacingMs !== undefined ? { cardSpacingMs: options.cardSpacingMs } : {}),
      port: 0,
    });
  } catch (error) {
    if (!options.slack) await slack.close();
    throw error;
  }
  const sender = new SlackRequestSender(`${bot.url ?? 'http://127.0.0.1:0'}/slack/events`, signingSecret, slack);
  return {
    slack,
    bot,
    sender,
    config,
    signingSecret,
    async settle(timeoutMs = 40_000) {
      if (!(await bot.deps.inFlight.drain(timeoutMs))) {
        throw new Error(`the bot did not finish its work within ${timeoutMs / 1000} s`);
      }
    },
    async close() {
      await bot.stop();
      if (!options.slack) await slack.close();
    },
  };
}

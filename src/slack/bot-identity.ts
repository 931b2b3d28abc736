import type { Authorize } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';

/** The bot's token and, once Slack confirmed it, its user and bot ids. */
export interface BotIdentity {
  authorize: Authorize<boolean>;
  /** Asks Slack who the bot is (auth.test); false when Slack did not answer. */
  verify(): Promise<boolean>;
  readonly botUserId: string | undefined;
}

/**
 * Resolves the bot's ids once with auth.test and serves them from memory, so requests never wait on
 * Slack to be authorized. If Slack cannot be reached at start, the bot still serves and asks again later.
 */
export function createBotIdentity(client: WebClient, token: string, logger: Logger): BotIdentity {
  let ids: { botUserId: string; botId: string } | undefined;
  let lastAttempt = 0;
  let pending: Promise<boolean> | undefined;

  const verify = (): Promise<boolean> => {
    pending ??= client.auth
      .test({ token })
      .then((result) => {
        ids = { botUserId: String(result.user_id), botId: String(result.bot_id) };
        logger.info({ botUserId: ids.botUserId }, 'bot identity confirmed');
        return true;
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'auth.test failed: check SLACK_BOT_TOKEN and SLACK_API_URL');
        return false;
      })
      .finally(() => {
        lastAttempt = Date.now();
        pending = undefined;
      });
    return pending;
  };

  return {
    verify,
    get botUserId() {
      return ids?.botUserId;
    },
    authorize: async () => {
      if (!ids && !pending && Date.now() - lastAttempt > 30_000) void verify();
      return { botToken: token, ...(ids ?? {}) };
    },
  };
}

import { parseArgs } from 'node:util';
import { startBot, type Role } from './bot.js';
import { loadConfigOrExit } from './config.js';
import { createLogger } from './logger.js';

const ROLES: readonly Role[] = ['all', 'web', 'worker'];

const { values } = parseArgs({ options: { role: { type: 'string', default: 'all' } } });
if (!ROLES.includes(values.role as Role)) {
  process.stderr.write(`--role: expected one of ${ROLES.join(', ')}, got "${values.role}"\n`);
  process.exit(1);
}

const config = loadConfigOrExit();
const logger = createLogger({
  level: config.logLevel,
  secrets: [config.slackBotToken, config.slackSigningSecret, config.slackAppToken].filter((s): s is string => !!s),
});

try {
  const bot = await startBot(config, { role: values.role as Role, logger });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    // A second signal while stopping means "now".
    process.once(signal, () => process.exit(1));
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}

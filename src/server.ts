import { parseArgs } from 'node:util';
import { startBot, type ProcessRole } from './bot.js';
import { loadConfigOrExit } from './config.js';
import { createLogger } from './logger.js';

const PROCESS_ROLES: readonly ProcessRole[] = ['all', 'web', 'worker'];

const { values } = parseArgs({ options: { role: { type: 'string', default: 'all' } } });
if (!PROCESS_ROLES.includes(values.role as ProcessRole)) {
  process.stderr.write(`--role: expected one of ${PROCESS_ROLES.join(', ')}, got "${values.role}"\n`);
  process.exit(1);
}

const config = loadConfigOrExit();
const logger = createLogger({
  level: config.logLevel,
  secrets: [config.slackBotToken, config.slackSigningSecret, config.slackAppToken].filter((s): s is string => !!s),
});

try {
  const bot = await startBot(config, { role: values.role as ProcessRole, logger });
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

import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

const REDACTED = '[redacted]';
const TOKEN_PATTERN = /\b(?:xox[abposr]|xapp)-[\w-]+/g;
/** A `Bearer …` credential, wherever an Authorization header ends up in a message. */
const BEARER_PATTERN = /\bBearer\s+[\w.~+/-]{6,}=*/gi;
/** The password of a connection string (`mongodb://user:password@host`, `redis://:password@host`). */
const URL_PASSWORD_PATTERN = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;
const SECRET_KEYS = /^(?:authorization|token|bot_?token|app_?token|signing_?secret|client_?secret|password|cookie)$/i;

/** Replaces Slack tokens, authorization credentials, connection-string passwords and the given secret values in a string. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text
    .replace(TOKEN_PATTERN, REDACTED)
    .replace(BEARER_PATTERN, `Bearer ${REDACTED}`)
    .replace(URL_PASSWORD_PATTERN, `$1${REDACTED}@`);
  for (const secret of secrets) {
    if (secret.length >= 6) result = result.split(secret).join(REDACTED);
  }
  return result;
}

function scrubValue(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return scrubValue({ ...stdSerializers.err(value) }, secrets, depth + 1);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_KEYS.test(key) ? REDACTED : scrubValue(item, secrets, depth + 1),
    ]),
  );
}

export interface LoggerOptions {
  level: string;
  /** Values that must never be written (tokens, signing secret). */
  secrets: readonly string[];
  destination?: DestinationStream;
}

/** Creates the process logger: JSON lines, with tokens and secrets scrubbed from messages and fields. */
export function createLogger({ level, secrets, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: 'incident-timeline' },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubValue(object, secrets, 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg, secrets) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

const PINO_TO_SLACK: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/** Adapts a pino logger to the logger interface Bolt and the Web API client expect. */
export function toSlackLogger(logger: Logger): SlackLogger {
  let child = logger.child({ component: 'bolt' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      // Bolt logs every request at debug: build nothing for a level that is off.
      if (!child.isLevelEnabled(level)) return;
      const error = parts.find((part): part is Error => part instanceof Error);
      const text = parts
        .filter((part) => part !== error)
        .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
        .join(' ');
      if (error) child[level]({ err: error }, text || error.message);
      else child[level](text);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // The process level comes from LOG_LEVEL; Bolt's own requests to change it are ignored.
    setLevel: () => undefined,
    getLevel: () => PINO_TO_SLACK[logger.level] ?? LogLevel.INFO,
    setName: (name: string) => {
      child = logger.child({ component: name });
    },
  };
}

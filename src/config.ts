import { IANAZone } from 'luxon';
import { z } from 'zod';
import { DEFAULT_TEMPLATE, loadPostmortemTemplate, type PostmortemTemplate } from './services/postmortem/template.js';
import { parseDuration } from './time/duration.js';

export const LOCALES = ['en', 'fr', 'de', 'it'] as const;
export type Locale = (typeof LOCALES)[number];

export const SEVERITIES = [1, 2, 3, 4] as const;
export type Severity = (typeof SEVERITIES)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A zod schema for one environment string, reporting `expected …, got "…"` when `parse` rejects it. */
function envValue<T>(expected: string, parse: (raw: string) => T | undefined) {
  return z.string().transform((raw, ctx) => {
    const value = parse(raw.trim());
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${JSON.stringify(raw)}` });
      return z.NEVER;
    }
    return value;
  });
}

const duration = envValue('a duration such as 90s, 30m or 1h30m', parseDuration);

const port = envValue('a port number', (raw) => {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  return value >= 0 && value <= 65535 ? value : undefined;
});

const url = (protocols: readonly string[]) =>
  envValue(`a ${protocols.join(' or ')} URL`, (raw) => {
    try {
      return protocols.includes(new URL(raw).protocol.replace(/:$/, '')) ? raw : undefined;
    } catch {
      return undefined;
    }
  });

const token = (prefix: string) =>
  envValue(`a token starting with ${prefix}`, (raw) => (raw.startsWith(prefix) && raw.length > prefix.length ? raw : undefined));

const userIds = envValue('a comma-separated list of Slack user ids (U…/W…)', (raw) => {
  const ids = raw
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return ids.every((id) => /^[UW][A-Z0-9]{2,}$/.test(id)) ? ids : undefined;
});

const timezone = envValue('an IANA time zone such as America/Los_Angeles', (raw) =>
  IANAZone.isValidZone(raw) ? raw : undefined,
);

const oneOf = <T extends string>(values: readonly T[]) =>
  envValue(`one of ${values.join(', ')}`, (raw) => values.find((value) => value === raw.toLowerCase()));

/** `sev1=15m,sev2=30m,sev4=off` → cadence per severity; `null` turns reminders off for that severity. */
const intervalsBySeverity = envValue('a list such as sev1=15m,sev2=30m,sev4=off', (raw) => {
  const result: Partial<Record<Severity, number | null>> = {};
  for (const pair of raw.split(',').filter((part) => part.trim())) {
    const match = /^\s*sev([1-4])\s*=\s*(\S+)\s*$/i.exec(pair);
    const millis = match?.[2] === 'off' ? null : parseDuration(match?.[2] ?? '');
    if (!match || millis === undefined) return undefined;
    result[Number(match[1]) as Severity] = millis;
  }
  return result;
});

const reaction = envValue('a reaction name such as pushpin', (raw) => {
  const name = raw.replace(/^:|:$/g, '');
  return /^[a-z0-9_+'-]+$/.test(name) ? name : undefined;
});

const queuePrefix = envValue('letters, digits, - or _', (raw) => (/^[\w-]+$/.test(raw) ? raw : undefined));

const nonEmpty = z.string().min(1, 'must not be empty');

/** A template file's path, read and validated now: one line per problem, each naming the file, line and key. */
const templateFile = z.string().transform((path, ctx) => {
  const result = loadPostmortemTemplate(path.trim());
  if (result.ok) return result.template;
  for (const message of result.problems) ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
});

/**
 * The template with `POSTMORTEM_MORE_INFO` as the closing text of `POSTMORTEM_LOCALE` only, so an English text
 * never ends a French draft. Setting the same locale's text in both places is a problem, not a silent choice.
 */
function withMoreInfo(
  template: PostmortemTemplate,
  locale: Locale,
  moreInfo: string | undefined,
  ctx: z.RefinementCtx,
): PostmortemTemplate {
  if (moreInfo === undefined) return template;
  if (template.moreInfo[locale] !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['POSTMORTEM_MORE_INFO'],
      message: `POSTMORTEM_TEMPLATE already sets moreInfo.${locale}: keep one of them`,
    });
    return template;
  }
  return { ...template, moreInfo: { ...template.moreInfo, [locale]: moreInfo.trim() } };
}

// Empty variables count as unset, as they do in most deployment tools.
const schema = z
  .object({
    SLACK_BOT_TOKEN: token('xoxb-'),
    SLACK_SIGNING_SECRET: nonEmpty.optional(),
    SLACK_APP_TOKEN: token('xapp-').optional(),
    SLACK_API_URL: url(['http', 'https']).optional(),
    PORT: port.prefault('3000'),
    MONGODB_URI: url(['mongodb', 'mongodb+srv']).optional(),
    REDIS_URL: url(['redis', 'rediss']).prefault('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: queuePrefix.prefault('incident-timeline'),
    UPDATE_INTERVAL: duration.prefault('30m'),
    UPDATE_INTERVALS: intervalsBySeverity.prefault(''),
    ESCALATION_GRACE: duration.prefault('15m'),
    RECONCILE_INTERVAL: duration.prefault('1m'),
    WORKER_CONCURRENCY: envValue('a number of jobs from 1 to 1000', (raw) => {
      const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
      return value >= 1 && value <= 1000 ? value : undefined;
    }).prefault('50'),
    ACTION_REMINDER_INTERVAL: duration.prefault('1w'),
    MANAGER_USER_IDS: userIds.prefault(''),
    SECONDARY_TIMEZONE: timezone.prefault('America/Los_Angeles'),
    POSTMORTEM_LOCALE: oneOf(LOCALES).prefault('en'),
    POSTMORTEM_MORE_INFO: nonEmpty.optional(),
    POSTMORTEM_TEMPLATE: templateFile.optional(),
    TIMELINE_REACTION: reaction.prefault('pushpin'),
    LOG_LEVEL: oneOf(LOG_LEVELS).prefault('info'),
    NODE_ENV: z.string().optional(),
  })
  .transform((env, ctx) => ({
    slackBotToken: env.SLACK_BOT_TOKEN,
    slackSigningSecret: env.SLACK_SIGNING_SECRET,
    slackAppToken: env.SLACK_APP_TOKEN,
    slackApiUrl: env.SLACK_API_URL,
    port: env.PORT,
    mongodbUri: env.MONGODB_URI,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX,
    updateIntervalMs: env.UPDATE_INTERVAL,
    updateIntervalsBySeverity: env.UPDATE_INTERVALS,
    escalationGraceMs: env.ESCALATION_GRACE,
    /** How often each worker makes sure every running promise has its job, also when Redis lost them while running. */
    reconcileIntervalMs: env.RECONCILE_INTERVAL,
    /** How many reminder steps one worker process takes at once (many incidents can fall due in the same second). */
    workerConcurrency: env.WORKER_CONCURRENCY,
    managerUserIds: env.MANAGER_USER_IDS,
    /** How often the owner of an overdue remediation item is reminded again, until it is done. */
    actionReminderIntervalMs: env.ACTION_REMINDER_INTERVAL,
    secondaryTimezone: env.SECONDARY_TIMEZONE,
    postmortemLocale: env.POSTMORTEM_LOCALE,
    /** The house style of the drafts (`POSTMORTEM_TEMPLATE`), the standard layout when unset. */
    postmortemTemplate: withMoreInfo(
      env.POSTMORTEM_TEMPLATE ?? DEFAULT_TEMPLATE,
      env.POSTMORTEM_LOCALE,
      env.POSTMORTEM_MORE_INFO,
      ctx,
    ),
    timelineReaction: env.TIMELINE_REACTION,
    logLevel: env.LOG_LEVEL,
    production: env.NODE_ENV === 'production',
  }));

/** The validated, frozen configuration of one process. */
export type Config = Readonly<z.output<typeof schema>>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses an environment into a Config, or lists every problem, one line each. */
export function parseConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const cleaned = Object.fromEntries(
    Object.keys(schema.in.shape)
      .map((key) => [key, env[key]?.trim() ? env[key] : undefined] as const)
      .filter(([, value]) => value !== undefined),
  );
  const result = schema.safeParse(cleaned);
  const problems = (result.error?.issues ?? []).map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'required, but not set' : issue.message;
    return `${name}: ${message}`;
  });
  problems.push(...combinationProblems(cleaned));
  if (result.success && problems.length === 0) return { ok: true, config: Object.freeze(result.data) };
  return { ok: false, problems };
}

/** Rules that involve more than one variable, checked even when single values are wrong. */
function combinationProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (env.NODE_ENV === 'production' && !env.MONGODB_URI) {
    problems.push('MONGODB_URI: required when NODE_ENV=production (the embedded MongoDB keeps nothing)');
  }
  return problems;
}

/** Reads the process environment; on any problem prints one line per problem and exits 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  const result = parseConfig(env);
  if (result.ok) return result.config;
  process.stderr.write(`Configuration is not valid:\n${result.problems.map((line) => `  ${line}\n`).join('')}`);
  process.exit(1);
}

/** The update cadence for a severity: the per-severity override if any, else the default; null means off. */
export function cadenceForSeverity(config: Config, severity: Severity): number | null {
  const override = config.updateIntervalsBySeverity[severity];
  return override === undefined ? config.updateIntervalMs : override;
}

import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { LOCALES, type Locale } from '../config.js';
import { startLocalStack, type LocalStack } from '../local-slack/stack.js';
import { deleteKeysWithPrefix } from '../redis.js';
import { playScenario, type Draft } from './engine.js';
import { ensureRedis, type DemoRedis } from './redis.js';
import { botEnvironment, loadScenario, ScenarioError, userIdOf, type Scenario } from './scenario.js';
import { formatLine, type TranscriptLine } from './transcript.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const DEFAULT_SCENARIO = join(ROOT, 'scenarios', 'checkout-payments.yml');

const USAGE = `Usage: npm run demo -- [--scenario path.yml] [--locale fr|de|it|en] [--out dir]

Plays an incident through the real bot on a local Slack workspace, the embedded MongoDB and Redis,
prints the channel as people would read it, and writes the postmortem drafts: the internal review and
the customer text posted at close (English), and the internal review in --locale.`;

/** A path as the reader would type it: relative below the working directory, absolute elsewhere. */
function shown(path: string): string {
  const near = relative(process.cwd(), path);
  return near.startsWith('..') ? path : near;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readOptions() {
  try {
    const { values } = parseArgs({
      options: {
        scenario: { type: 'string', default: DEFAULT_SCENARIO },
        locale: { type: 'string' },
        out: { type: 'string', default: 'out' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (values.locale !== undefined && !LOCALES.includes(values.locale as Locale)) {
      fail(`--locale: expected one of ${LOCALES.join(', ')}, got "${values.locale}"`);
    }
    return { scenario: values.scenario, locale: values.locale as Locale | undefined, out: resolve(values.out) };
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
}

/** Prints transcript lines, with a heading each time the conversation moves to another channel. */
function printer(): (line: TranscriptLine) => void {
  let where = '';
  return (line) => {
    if (line.where !== where) {
      where = line.where;
      process.stdout.write(`\n── ${where} ${'─'.repeat(Math.max(3, 76 - where.length))}\n`);
    }
    process.stdout.write(`${formatLine(line)}\n`);
  };
}

async function writeOutputs(out: string, drafts: Draft[], transcript: TranscriptLine[]): Promise<string[]> {
  await mkdir(out, { recursive: true });
  const paths: string[] = [];
  for (const draft of drafts) {
    const path = join(out, draft.filename);
    await writeFile(path, draft.markdown);
    paths.push(path);
  }
  const transcriptPath = join(out, 'transcript.txt');
  await writeFile(transcriptPath, `${transcript.map((line) => `${line.where}  ${formatLine(line)}`).join('\n')}\n`);
  return [...paths, transcriptPath];
}

const options = readOptions();
const started = Date.now();
let scenario: Scenario;
try {
  scenario = await loadScenario(options.scenario);
} catch (error) {
  if (error instanceof ScenarioError) fail(`The scenario cannot be played:\n${error.problems.map((p) => `  ${p}`).join('\n')}`);
  throw error;
}
const locales: Locale[] = [...new Set<Locale>(['en', options.locale ?? scenario.settings.draftLocale])];

let redis: DemoRedis | undefined;
let stack: LocalStack | undefined;
const queuePrefix = `demo-${randomBytes(4).toString('hex')}`;
const stopping = new AbortController();

/** Stops the bot, the workspace and a Redis the demo started; removes the demo's queue keys. */
async function cleanUp(): Promise<void> {
  await stack?.close().catch(() => undefined);
  if (redis && !redis.started) await deleteKeysWithPrefix(redis.url, queuePrefix).catch(() => undefined);
  await redis?.stop();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the demo…\n`);
    stopping.abort(new Error(`interrupted by ${signal}`));
    // A second signal, or a clean-up that hangs, must not leave the terminal waiting.
    process.once(signal, () => process.exit(130));
    setTimeout(() => process.exit(130), 10_000).unref();
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  redis = await ensureRedis(process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379').catch((error: Error) => fail(error.message));
  await mkdir(options.out, { recursive: true });
  stack = await startLocalStack({
    env: { ...botEnvironment(scenario), REDIS_URL: redis.url, QUEUE_PREFIX: queuePrefix },
    users: scenario.people.map((person) => ({ id: userIdOf(person.name), ...person })),
    logLevel: 'info',
    logDestination: pino.destination({ dest: join(options.out, 'demo-bot.log'), sync: true }),
  });
  const mongodb = stack.bot.deps.database;
  process.stdout.write(
    [
      `Incident Timeline demo — ${scenario.name}`,
      `  Slack:   a local workspace at ${stack.slack.apiUrl} (people: ${scenario.people.map((p) => p.name).join(', ')})`,
      `  Bot:     ${stack.bot.url}/slack/events, signed requests, promises every ${scenario.settings.updateInterval}, managers pinged ${scenario.settings.escalationGrace} after`,
      `  MongoDB: ${mongodb.embedded ? 'embedded, in memory (nothing is kept)' : mongodb.uri}`,
      `  Redis:   ${redis.url}${redis.started ? ' (started for the demo, stopped at the end)' : ''}`,
      `  Times are UTC; the bot's own log is in ${shown(join(options.out, 'demo-bot.log'))}.`,
      '',
    ].join('\n'),
  );

  const result = await playScenario(scenario, stack, { locales, onLine: printer(), signal: stopping.signal });
  const paths = await writeOutputs(options.out, result.drafts, result.transcript);
  const missing = locales.filter((locale) => !result.drafts.some((draft) => draft.locale === locale));
  process.stdout.write(`\nWritten in ${((Date.now() - started) / 1000).toFixed(1)} s:\n${paths.map((p) => `  ${shown(p)}`).join('\n')}\n`);
  if (missing.length > 0) {
    process.stderr.write(`No draft in ${missing.join(', ')}: did the scenario close the incident?\n`);
    process.exitCode = 1;
  }
} catch (error) {
  if (!stopping.signal.aborted) {
    process.stderr.write(`\nThe demo stopped: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
} finally {
  if (!stopping.signal.aborted) {
    await cleanUp();
    process.exit(process.exitCode ?? 0);
  }
}

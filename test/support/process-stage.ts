import { randomBytes } from 'node:crypto';
import { SlackRequestSender } from '../../src/local-slack/signed-requests.js';
import { startLocalSlack, type ApiCall, type LocalSlack } from '../../src/local-slack/workspace.js';
import { deleteQueueKeys, REDIS_URL } from './harness.js';
import { startBotProcess, startMongoProcess, type Child } from './processes.js';

const SIGNING_SECRET = 'process-stage-signing-secret';

/** A bot running as its own process, and a sender that signs requests to it as Slack does. */
export type BotProcess = Child & { url: string; sender: SlackRequestSender };

/**
 * The embedded MongoDB as its own process and a local Slack workspace with #general: the stage that
 * bot processes (`npm start`) run on in tests that start, kill and restart them.
 */
export interface ProcessStage {
  mongo: Awaited<ReturnType<typeof startMongoProcess>>;
  slack: LocalSlack;
  /** A bot's environment on this stage, with its own database and a fresh BullMQ prefix (deleted at close). */
  botEnv(dbName: string, extra?: Record<string, string>): Record<string, string>;
  /** Starts a bot process with `env` (and `args` such as `--role worker`); killed at `killBots` or close. */
  startBot(env: Record<string, string>, args?: string[]): Promise<BotProcess>;
  /** Declares an incident from #general and returns its channel once its card is pinned. */
  declare(sender: SlackRequestSender, title: string): Promise<string>;
  /** Kills every bot process started so far. */
  killBots(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the embedded MongoDB process and the local workspace. */
export async function startProcessStage(): Promise<ProcessStage> {
  const mongo = await startMongoProcess();
  const slack = await startLocalSlack();
  slack.addChannel('general', ['U0ALICE'], 'C0GENERAL');
  const running: Child[] = [];
  const prefixes: string[] = [];
  const killBots = async () => {
    while (running.length > 0) await running.pop()!.stop('SIGKILL');
  };
  return {
    mongo,
    slack,
    botEnv(dbName, extra = {}) {
      const prefix = `test-${dbName}-${randomBytes(4).toString('hex')}`;
      prefixes.push(prefix);
      return {
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        MONGODB_URI: `${mongo.uri}${dbName}`,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        ...extra,
      };
    },
    async startBot(env, args = []) {
      const child = await startBotProcess(env, args);
      running.push(child);
      return { ...child, sender: new SlackRequestSender(`${child.url}/slack/events`, env.SLACK_SIGNING_SECRET!, slack) };
    },
    async declare(sender, title) {
      const before = slack.callsTo('pins.add').length;
      const response = await sender.command(`declare ${title}`, { channel: 'C0GENERAL' });
      if (response.status !== 200) throw new Error(`declare answered ${response.status}`);
      const pins = await slack.waitForCalls('pins.add', before + 1);
      return String(pins.at(-1)!.args.channel);
    },
    killBots,
    async close() {
      await killBots();
      await slack.close();
      await mongo.stop();
      for (const prefix of prefixes) await deleteQueueKeys(prefix);
    },
  };
}

/** A reminder the bot posted in `channel`. */
export const reminderIn = (channel: string) => (call: ApiCall) =>
  call.args.channel === channel && call.result.ok === true && String(call.args.text).startsWith(':alarm_clock:');

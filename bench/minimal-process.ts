/**
 * The minimal equivalent, in its own process like the bot: `/incident update` and the reminder, doing
 * only the essential I/O, written the straightforward way with the bot's libraries (Bolt's HTTP receiver
 * with its signing verification, mongoose and the bot's models, BullMQ on the same Redis) and the bot's
 * own renderers, so Slack receives the same payloads. It is the floor the bot is measured against.
 *
 * An update: one find-and-update of the open incident by channel (the new promise, returning the
 * incident as it was), one insert of the entry (which records whether the previous promise was kept),
 * then the post, the card, and the first reminder queued under a deterministic id — 2 MongoDB commands,
 * the entry stored before anything is posted.
 * A reminder: read the incident, insert the reminder entry (its unique key is the promise and the index;
 * it records the broken promise), post, mark it sent returning the incident, update the card from that,
 * queue the next reminder — 3 MongoDB commands. A stale job (the promise was renewed) does nothing.
 *
 * It covers what the bench exercises: public updates without options in open incidents, reminders with no
 * managers to escalate to, the bot's default cadence.
 */
import { App, LogLevel } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { Queue, Worker, type Job } from 'bullmq';
import type { Types } from 'mongoose';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { REMINDER_JOB_OPTIONS } from '../jobs/scheduler.js';
import { REMINDER_CONCURRENCY } from '../jobs/worker.js';
import { IncidentModel, type Incident } from '../models/incident.js';
import { TimelineEntryModel, type TimelineEntry } from '../models/timeline-entry.js';
import { renderIncidentCard } from '../src/blocks/incident-card.js';
import { renderReminder } from '../src/blocks/reminder.js';
import { renderEntryMessages } from '../src/blocks/timeline-entry.js';
import { InFlight } from '../src/async.js';
import { connectDatabase } from '../src/database.js';
import { createLogger } from '../src/logger.js';
import { connectRedis } from '../src/redis.js';
import { CpuProfiler } from './profiler.js';
import { serveParent } from './processes.js';
import { installRoundTripCounters } from './round-trips.js';
import { eachLimited } from './stats.js';

const roundTrips = installRoundTripCounters();

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

/** The bot's default cadence (`UPDATE_INTERVAL`), which the bench leaves as it is. */
const CADENCE_MS = 30 * 60_000;

const logger = createLogger({ level: 'warn', secrets: [env('SLACK_BOT_TOKEN'), env('SLACK_SIGNING_SECRET')] });
const database = await connectDatabase({ uri: env('MONGODB_URI'), dbName: process.env.BENCH_DB_NAME || undefined, logger });
const redis = connectRedis(env('REDIS_URL'), logger);
const prefix = env('QUEUE_PREFIX');
const queueName = env('QUEUE_NAME');
const queue = new Queue(queueName, { connection: redis, prefix, defaultJobOptions: REMINDER_JOB_OPTIONS });

const app = new App({
  token: env('SLACK_BOT_TOKEN'),
  signingSecret: env('SLACK_SIGNING_SECRET'),
  endpoints: '/slack/events',
  convoStore: false,
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl: env('SLACK_API_URL') },
});

/** Commands received whose work has not finished yet. */
const inFlight = new InFlight();

/** Queues reminder `index` of the promise due at `dueAt`; the same reminder queued twice is one job. */
function queueReminder(incidentId: Types.ObjectId | string, dueAt: Date, index: number, fireAt: number) {
  const id = String(incidentId);
  return queue.add(
    'remind',
    { incidentId: id, dueAt: dueAt.getTime(), index },
    { jobId: `remind_${id}_${dueAt.getTime()}_${index}`, delay: Math.max(0, fireAt - Date.now()) },
  );
}

async function updateCard(client: WebClient, incident: Incident, now: Date): Promise<void> {
  if (!incident.card) return;
  const card = renderIncidentCard(incident, now);
  await client.chat.update({ channel: incident.card.channelId, ts: incident.card.ts, text: card.text, blocks: card.blocks ?? [] });
}

/** `/incident update <text>`: recorded, posted, the card updated, the next reminder queued. */
async function recordUpdate(client: WebClient, channelId: string, userId: string, text: string): Promise<boolean> {
  const now = new Date();
  const dueAt = new Date(now.getTime() + CADENCE_MS);
  const before = await IncidentModel.findOneAndUpdate(
    { channelId, closedAt: { $exists: false }, status: { $ne: 'resolved' } },
    {
      $max: { lastPublicUpdateAt: now },
      $set: { lastPublicUpdateBy: userId, nextUpdateDueAt: dueAt, promisedAt: now, remindersSent: 0 },
      $unset: { escalatedAt: 1, lastReminderAt: 1 },
    },
    { returnDocument: 'before' },
  ).lean<Incident>();
  if (!before) return false;
  const incident: Incident = {
    ...before,
    lastPublicUpdateAt: before.lastPublicUpdateAt && before.lastPublicUpdateAt > now ? before.lastPublicUpdateAt : now,
    lastPublicUpdateBy: userId,
    nextUpdateDueAt: dueAt,
    promisedAt: now,
    remindersSent: 0,
    escalatedAt: undefined,
    lastReminderAt: undefined,
  };
  const previous = before.nextUpdateDueAt;
  const stored = await TimelineEntryModel.create({
    incidentId: before._id,
    kind: 'update',
    text,
    public: true,
    authorId: userId,
    occurredAt: now,
    recordedAt: now,
    source: 'command',
    revisions: [],
    ...(previous ? { promise: { dueAt: previous, outcome: now <= previous ? 'kept' : 'broken' } } : {}),
  });
  const [first, ...continued] = renderEntryMessages(incident, stored.toObject() as TimelineEntry, now);
  const posted = await client.chat.postMessage({
    channel: channelId,
    text: first!.text,
    ...(first!.blocks ? { blocks: first!.blocks } : {}),
    unfurl_links: false,
    unfurl_media: false,
  });
  for (const more of continued) {
    await client.chat.postMessage({ channel: channelId, text: more.text, ...(more.blocks ? { blocks: more.blocks } : {}), thread_ts: posted.ts });
  }
  await updateCard(client, incident, now);
  await queueReminder(incident._id, dueAt, 0, dueAt.getTime());
  return true;
}

const commandPayload = z.object({
  text: z.string().max(40_000),
  user_id: z.string().regex(/^[UW][A-Z0-9]+$/),
  channel_id: z.string().regex(/^[CDG][A-Z0-9]+$/),
});

app.command('/incident', ({ command, ack, respond, client }) =>
  inFlight.run(async () => {
    const parsed = commandPayload.safeParse(command);
    const text = parsed.success ? /^update\s+(\S[\s\S]*)$/.exec(parsed.data.text.trim())?.[1] : undefined;
    if (!parsed.success || !text) {
      await ack({ response_type: 'ephemeral', text: 'Usage: `/incident update <text>`' });
      return;
    }
    await ack();
    let recorded = false;
    try {
      recorded = await recordUpdate(client, parsed.data.channel_id, parsed.data.user_id, text);
    } catch (error) {
      logger.error({ err: error, channelId: parsed.data.channel_id }, 'update failed');
    }
    if (!recorded) {
      const text = ':warning: Your update was *not* recorded: this is not an open incident channel, or something failed. Try again.';
      await respond({ response_type: 'ephemeral', text }).catch(() => undefined);
    }
  }),
);

const reminderPayload = z.object({ incidentId: z.string().regex(/^[a-f0-9]{24}$/), dueAt: z.number().int(), index: z.number().int().min(0) });

/** One reminder: taken once per promise and index, and only while that promise is still the running one. */
async function remind(job: Job): Promise<'sent' | 'stale'> {
  const { incidentId, dueAt, index } = reminderPayload.parse(job.data);
  const incident = await IncidentModel.findById(incidentId).lean<Incident>();
  const current =
    incident && !incident.closedAt && incident.status !== 'resolved' && incident.nextUpdateDueAt?.getTime() === dueAt && incident.remindersSent === index;
  if (!current) return 'stale';
  const now = new Date();
  const due = new Date(dueAt);
  try {
    await TimelineEntryModel.create({
      incidentId: incident._id,
      kind: 'reminder',
      text: '',
      public: false,
      occurredAt: now,
      recordedAt: now,
      source: 'system',
      revisions: [],
      promise: index === 0 ? { dueAt: due, outcome: 'broken' } : { dueAt: due },
      dedupeKey: `reminder:${incidentId}:${dueAt}:${index}`,
    });
  } catch (error) {
    // Recorded by an attempt that failed before marking it sent: this attempt sends it.
    if ((error as { code?: unknown }).code !== 11000) throw error;
  }
  const reply = renderReminder(incident as Incident & { nextUpdateDueAt: Date }, now, index);
  await app.client.chat.postMessage({ channel: incident.channelId, text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) });
  const sent = await IncidentModel.findOneAndUpdate(
    { _id: incident._id, nextUpdateDueAt: due, remindersSent: index },
    { $set: { remindersSent: index + 1, lastReminderAt: now } },
    { returnDocument: 'after' },
  ).lean<Incident>();
  // An update renewed the promise meanwhile: it updated the card and queued its own reminder.
  if (!sent) return 'sent';
  await updateCard(app.client, sent, now);
  await queueReminder(incidentId, due, index + 1, now.getTime() + CADENCE_MS);
  return 'sent';
}

const worker = new Worker(queueName, remind, { connection: redis, prefix, concurrency: Number(process.env.WORKER_CONCURRENCY ?? REMINDER_CONCURRENCY) });
worker.on('error', (error) => logger.warn({ err: error }, 'reminder worker error'));
worker.on('failed', (job, error) => logger.error({ err: error, jobId: job?.id }, 'reminder failed'));

const server = (await app.start(0)) as unknown as Server;
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const profiler = new CpuProfiler();

const methods = {
  /** Queues the first reminder of each of these incidents, as their last update would have. */
  async schedule(params: { ids: string[] }) {
    const started = performance.now();
    let scheduled = 0;
    for (let i = 0; i < params.ids.length; i += 1000) {
      const incidents = await IncidentModel.find({ _id: { $in: params.ids.slice(i, i + 1000) } }).lean<Incident[]>();
      await eachLimited(incidents, 32, (incident) => queueReminder(incident._id, incident.nextUpdateDueAt!, 0, incident.nextUpdateDueAt!.getTime()));
      scheduled += incidents.length;
    }
    return { scheduled, ms: performance.now() - started };
  },
  /** Waits until every acknowledged command has been fully processed. */
  async drain(params: { timeoutMs: number }) {
    const started = performance.now();
    const drained = await inFlight.drain(params.timeoutMs);
    return { drained, pending: inFlight.size, ms: performance.now() - started };
  },
  /** MongoDB operations and Redis round trips so far. */
  roundTrips() {
    return roundTrips();
  },
  stats() {
    const memory = process.memoryUsage();
    return { rss: memory.rss, heapUsed: memory.heapUsed, inFlight: inFlight.size };
  },
  async profileStart() {
    await profiler.start();
  },
  async profileStop(params: { file: string }) {
    return profiler.stop(params.file);
  },
  async stop() {
    await app.stop().catch(() => undefined);
    await worker.close();
    await queue.close();
    redis.disconnect();
    await database.close();
    setImmediate(() => process.exit(0));
  },
};

export type MinimalMethods = typeof methods;

serveParent(methods, { url });

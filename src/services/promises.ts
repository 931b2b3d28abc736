import type { UpdateQuery } from 'mongoose';
import type { Severity } from '../config.js';
import { StalePromiseError, UsageError } from '../errors.js';
import { IncidentModel, type Incident } from '../../models/incident.js';
import { TimelineEntryModel, type NextUpdate, type TimelineEntry } from '../../models/timeline-entry.js';
import { toPlainText } from '../slack-text/index.js';
import { readPromisedDelay } from '../time/promised-delay.js';
import { applyChange, assertOpen, merge, type ChangeResult } from './incident-writes.js';
import { recordActorEntry, type Actor } from './timeline.js';

/** How long the channel has to post its next public update, for a severity; null means no reminders. */
export type CadencePolicy = (severity: Severity) => number | null;

/** The incident's cadence: its own (`remind`) when set, otherwise the configured one for its severity. */
export function cadenceOf(incident: Pick<Incident, 'cadenceMs' | 'severity'>, policy: CadencePolicy): number | null {
  return incident.cadenceMs === undefined ? policy(incident.severity) : incident.cadenceMs;
}

/** True while an incident has a promise that reminders enforce. */
export function hasRunningPromise(incident: Incident): incident is Incident & { nextUpdateDueAt: Date } {
  return Boolean(incident.nextUpdateDueAt) && incident.status !== 'resolved' && !incident.closedAt;
}

/** `base` plus `ms`, or no promise. */
function dueAfter(base: Date, ms: number | null): Date | null {
  return ms === null ? null : new Date(base.getTime() + ms);
}

/** A public update, as far as its promise is concerned. */
export interface PublicUpdate {
  /** When it was published (its own time, backdated or not). */
  at: Date;
  /** Its text in Slack's wire format, read for the promise it makes in its own words. */
  text: string;
  /** `--next`: the promise for this update only. */
  nextMs?: number;
}

/**
 * The next update a public update promises, counted from its own time: `--next` wins over the update's own words
 * ("another update within 30 minutes", "dans les 60 prochaines minutes"), its words over the cadence. With the
 * incident's reminders turned off (`remind off`) only `--next` promises anything.
 */
export function promiseOfUpdate(incident: Pick<Incident, 'cadenceMs' | 'severity'>, update: PublicUpdate, policy: CadencePolicy): NextUpdate {
  if (update.nextMs !== undefined) return { dueAt: dueAfter(update.at, update.nextMs), source: 'flag' };
  if (incident.cadenceMs === null) return { dueAt: null, source: 'remind' };
  const said = readPromisedDelay(toPlainText(update.text));
  if (said) return { dueAt: dueAfter(update.at, said.ms), source: 'text' };
  return { dueAt: dueAfter(update.at, cadenceOf(incident, policy)), source: 'cadence' };
}

/** The fields of a new running promise due at `dueAt` (or of none), made — recorded — at `madeAt`. */
export function promiseFields(dueAt: Date | null, madeAt: Date): UpdateQuery<Incident> {
  if (dueAt === null) {
    return {
      $unset: { nextUpdateDueAt: 1, promisedAt: 1, escalatedAt: 1, lastReminderAt: 1 },
      $set: { remindersSent: 0 },
    };
  }
  return {
    $set: { nextUpdateDueAt: dueAt, promisedAt: madeAt, remindersSent: 0 },
    $unset: { escalatedAt: 1, lastReminderAt: 1 },
  };
}

/**
 * What a public update changes on the incident. The running promise is the one of the latest public update by
 * its own time: a backdated update that is still the latest makes its promise like a live one, from its own time;
 * one older than the latest only moves nothing. A resolved incident promises nothing.
 */
export function publicUpdateChanges(
  incident: Incident,
  update: { at: Date; userId: string; now: Date; promise: NextUpdate },
): UpdateQuery<Incident> {
  const published: UpdateQuery<Incident> = { $max: { lastPublicUpdateAt: update.at } };
  const latest = !incident.lastPublicUpdateAt || update.at.getTime() >= incident.lastPublicUpdateAt.getTime();
  if (incident.status === 'resolved' || !latest) return published;
  return merge(published, { $set: { lastPublicUpdateBy: update.userId } }, promiseFields(update.promise.dueAt, update.now));
}

/**
 * What a new severity does to the running promise: a shorter cadence brings the next update forward (never later
 * than already promised); a cadence turned off stops the promise. Undefined when the promise does not change.
 */
export function severityPromise(incident: Incident, severity: Severity, at: Date, policy: CadencePolicy): NextUpdate | undefined {
  if (incident.status === 'resolved') return undefined;
  const cadence = cadenceOf({ ...incident, severity }, policy);
  if (cadence === null) return incident.nextUpdateDueAt ? { dueAt: null, source: 'severity' } : undefined;
  const sooner = new Date(at.getTime() + cadence);
  if (incident.nextUpdateDueAt && sooner >= incident.nextUpdateDueAt) return undefined;
  return { dueAt: sooner, source: 'severity' };
}

/**
 * Sets the incident's own cadence (`remind 20m`) or turns reminders off (`remind off`); a running
 * incident gets a fresh promise on the new cadence.
 */
export async function setCadence(incident: Incident, cadenceMs: number | null, actor: Actor): Promise<ChangeResult> {
  assertOpen(incident);
  const at = actor.occurredAt ?? actor.now;
  const promise: NextUpdate | undefined = incident.status === 'resolved' ? undefined : { dueAt: dueAfter(at, cadenceMs), source: 'remind' };
  const appended = await recordActorEntry(incident, actor, {
    kind: 'system',
    event: 'reminders_changed',
    cadenceMs,
    ...(promise ? { nextUpdate: promise } : {}),
  });
  const changes = merge({ $set: { cadenceMs } }, promise ? promiseFields(promise.dueAt, actor.now) : {});
  return { incident: await applyChange(incident, changes), entry: appended.entry, created: true };
}

/**
 * Pushes the running promise back by `delayMs` from the later of now and its due time. With `dueAt` (a reminder's
 * Snooze button) it applies only to that promise: one already kept or replaced is left alone, and the person is told.
 */
export async function snoozePromise(
  incident: Incident,
  delayMs: number,
  actor: Actor & { source?: TimelineEntry['source'] },
  dueAt?: Date,
): Promise<ChangeResult> {
  assertOpen(incident);
  if (actor.dedupeKey) {
    const seen = await TimelineEntryModel.findOne({ dedupeKey: actor.dedupeKey }).lean<TimelineEntry>();
    if (seen) return { incident, entry: seen, created: false };
  }
  const stale = (due: Date) => new StalePromiseError(due, hasRunningPromise(incident) ? incident.nextUpdateDueAt : undefined);
  if (dueAt && incident.nextUpdateDueAt?.getTime() !== dueAt.getTime()) throw stale(dueAt);
  if (!hasRunningPromise(incident)) {
    throw new UsageError(
      incident.status === 'resolved'
        ? 'The incident is resolved: no update is promised, so there is nothing to snooze.'
        : 'Reminders are off for this incident: there is nothing to snooze (`/incident remind 30m` turns them on).',
    );
  }
  const from = Math.max(actor.now.getTime(), incident.nextUpdateDueAt.getTime());
  const nextDueAt = new Date(from + delayMs);
  // Only the promise read above moves: an update that renewed it meanwhile keeps its own due time.
  const updated = await IncidentModel.findOneAndUpdate(
    { _id: incident._id, nextUpdateDueAt: incident.nextUpdateDueAt },
    { $set: { nextUpdateDueAt: nextDueAt, remindersSent: 0 }, $unset: { escalatedAt: 1, lastReminderAt: 1 } },
    { returnDocument: 'after' },
  ).lean<Incident>();
  if (!updated) throw stale(incident.nextUpdateDueAt);
  const appended = await recordActorEntry(incident, actor, {
    kind: 'system',
    event: 'snoozed',
    cadenceMs: delayMs,
    nextUpdate: { dueAt: nextDueAt, source: 'snooze' },
  });
  return { incident: updated, entry: appended.entry, created: appended.created };
}

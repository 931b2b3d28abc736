import type { UpdateQuery } from 'mongoose';
import type { Severity } from '../config.js';
import { StalePromiseError, UsageError } from '../errors.js';
import { IncidentModel, type Incident } from '../../models/incident.js';
import { TimelineEntryModel, type TimelineEntry } from '../../models/timeline-entry.js';
import { applyChange, assertOpen, merge, type ChangeResult } from './incident-writes.js';
import { appendTimelineEntry, recordActorEntry, type Actor } from './timeline.js';

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

/** The fields that start a new promise at `now` (or stop promising when `dueIn` is null). */
export function promiseFields(dueIn: number | null, now: Date): UpdateQuery<Incident> {
  if (dueIn === null) {
    return {
      $unset: { nextUpdateDueAt: 1, promisedAt: 1, escalatedAt: 1, lastReminderAt: 1 },
      $set: { remindersSent: 0 },
    };
  }
  return {
    $set: { nextUpdateDueAt: new Date(now.getTime() + dueIn), promisedAt: now, remindersSent: 0 },
    $unset: { escalatedAt: 1, lastReminderAt: 1 },
  };
}

/** What a public update promises next: how long, for this update only (`--next`), else the cadence. */
export interface PublicUpdatePromise {
  userId: string;
  now: Date;
  /** When it happened, if earlier than now (`--at`). */
  occurredAt?: Date;
  /** Promise the next update after this long (`--next`). */
  nextMs?: number;
}

/**
 * What a public update changes: the time of the last public update and, unless it is backdated or the
 * incident is resolved, the outcome of the running promise and the promise of the next update.
 */
export async function publicUpdateChanges(
  incident: Incident,
  input: PublicUpdatePromise,
  policy: CadencePolicy,
): Promise<UpdateQuery<Incident>> {
  const published: UpdateQuery<Incident> = { $max: { lastPublicUpdateAt: input.occurredAt ?? input.now } };
  if (input.occurredAt !== undefined || incident.status === 'resolved') return published;
  if (incident.nextUpdateDueAt) await recordPromiseOutcome(incident, incident.nextUpdateDueAt, input.now);
  const dueIn = input.nextMs ?? cadenceOf(incident, policy);
  return merge(published, { $set: { lastPublicUpdateBy: input.userId } }, promiseFields(dueIn, input.now));
}

/**
 * What a new severity does to the running promise: a shorter cadence brings the next update forward
 * (never later than already promised); a cadence turned off stops the promise.
 */
export function severityPromiseChanges(
  incident: Incident,
  severity: Severity,
  now: Date,
  policy: CadencePolicy,
): UpdateQuery<Incident> {
  if (incident.status === 'resolved') return {};
  const cadence = cadenceOf({ ...incident, severity }, policy);
  if (cadence === null) return promiseFields(null, now);
  const sooner = now.getTime() + cadence;
  if (incident.nextUpdateDueAt && sooner >= incident.nextUpdateDueAt.getTime()) return {};
  return { $set: { nextUpdateDueAt: new Date(sooner) } };
}

/**
 * Records whether the promise due at `dueAt` was kept (an update came by then) or broken. Recorded
 * once per promise: a racing update or a reminder that also records it changes nothing.
 */
export async function recordPromiseOutcome(incident: Pick<Incident, '_id'>, dueAt: Date, at: Date): Promise<void> {
  const outcome = at.getTime() <= dueAt.getTime() ? 'kept' : 'broken';
  await appendTimelineEntry({
    incidentId: incident._id,
    kind: 'system',
    event: 'promise',
    text: '',
    public: false,
    occurredAt: outcome === 'kept' ? at : dueAt,
    source: 'system',
    promise: { dueAt, outcome },
    dedupeKey: promiseKey(incident, dueAt),
  });
}

/** The dedupe key of the record of one promise. */
export function promiseKey(incident: Pick<Incident, '_id'>, dueAt: Date): string {
  return `promise:${String(incident._id)}:${dueAt.getTime()}`;
}

/**
 * Sets the incident's own cadence (`remind 20m`) or turns reminders off (`remind off`); a running
 * incident gets a fresh promise on the new cadence.
 */
export async function setCadence(
  incident: Incident,
  cadenceMs: number | null,
  actor: { userId: string; now: Date },
): Promise<ChangeResult> {
  assertOpen(incident);
  const appended = await recordActorEntry(incident, actor, {
    kind: 'system',
    event: 'reminders_changed',
    cadenceMs,
    source: 'command',
  });
  const changes = merge({ $set: { cadenceMs } }, incident.status === 'resolved' ? {} : promiseFields(cadenceMs, actor.now));
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

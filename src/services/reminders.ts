import type { Incident } from '../../models/incident.js';
import { IncidentModel } from '../../models/incident.js';
import type { TimelineEntry } from '../../models/timeline-entry.js';
import { UsageError } from '../errors.js';
import type { ChangeResult } from './incidents.js';
import { applyChange, assertOpen, merge, promiseFields } from './incidents.js';
import { cadenceOf, recordPromiseOutcome, type CadencePolicy } from './promises.js';
import { appendTimelineEntry, recordActorEntry, type AppendResult } from './timeline.js';

/** What enforces a promise: the cadence policy, the grace before managers hear, and who they are. */
export interface ReminderSettings {
  cadence: CadencePolicy;
  escalationGraceMs: number;
  managerUserIds: readonly string[];
}

/** The next thing to do about a running promise, and when. */
export type ReminderStep =
  | { kind: 'remind'; dueAt: Date; index: number; fireAt: Date }
  | { kind: 'escalate'; dueAt: Date; fireAt: Date };

/** True while an incident has a promise that reminders enforce. */
export function hasRunningPromise(incident: Incident): incident is Incident & { nextUpdateDueAt: Date } {
  return Boolean(incident.nextUpdateDueAt) && incident.status !== 'resolved' && !incident.closedAt;
}

/**
 * The next step for the running promise, read from the stored state alone (so any replica, and the
 * reconciler after a restart, computes the same): the first reminder at the due time; managers
 * pinged after the grace; then a reminder every cadence until an update comes.
 */
export function nextReminderStep(incident: Incident, settings: ReminderSettings): ReminderStep | undefined {
  if (!hasRunningPromise(incident)) return undefined;
  const dueAt = incident.nextUpdateDueAt;
  const sent = incident.remindersSent ?? 0;
  if (sent === 0) return { kind: 'remind', dueAt, index: 0, fireAt: dueAt };
  if (!incident.escalatedAt && settings.managerUserIds.length > 0) {
    return { kind: 'escalate', dueAt, fireAt: new Date(dueAt.getTime() + settings.escalationGraceMs) };
  }
  const every = cadenceOf(incident, settings.cadence) ?? settings.escalationGraceMs;
  const last = Math.max(
    incident.lastReminderAt?.getTime() ?? 0,
    incident.escalatedAt?.getTime() ?? 0,
    dueAt.getTime(),
  );
  return { kind: 'remind', dueAt, index: sent, fireAt: new Date(last + every) };
}

/** True when a step computed earlier is still the one to take now (no update renewed the promise since). */
export function isCurrentStep(
  incident: Incident | null,
  step: ReminderStep,
  settings: ReminderSettings,
): boolean {
  if (!incident) return false;
  const next = nextReminderStep(incident, settings);
  if (!next || next.kind !== step.kind || next.dueAt.getTime() !== step.dueAt.getTime()) return false;
  return next.kind === 'escalate' || (step.kind === 'remind' && next.index === step.index);
}

/**
 * Claims a reminder: records it in the timeline once (its dedupe key is the promise and the index),
 * and records the promise as broken. A second claim of the same reminder returns the first record.
 */
export async function claimReminder(
  incident: Incident,
  step: Extract<ReminderStep, { kind: 'remind' }>,
  now: Date,
): Promise<AppendResult> {
  if (step.index === 0) await recordPromiseOutcome(incident, step.dueAt, now);
  return appendTimelineEntry({
    incidentId: incident._id,
    kind: 'reminder',
    text: '',
    public: false,
    occurredAt: now,
    source: 'system',
    promise: { dueAt: step.dueAt },
    dedupeKey: `reminder:${String(incident._id)}:${step.dueAt.getTime()}:${step.index}`,
  });
}

/** Marks a reminder as sent, moving the promise's state on to the next step. */
export async function markReminderSent(
  incident: Incident,
  step: Extract<ReminderStep, { kind: 'remind' }>,
  now: Date,
): Promise<Incident> {
  const updated = await IncidentModel.findOneAndUpdate(
    { _id: incident._id, nextUpdateDueAt: step.dueAt, remindersSent: step.index },
    { $set: { remindersSent: step.index + 1, lastReminderAt: now } },
    { returnDocument: 'after' },
  ).lean<Incident>();
  return updated ?? incident;
}

/** Claims the escalation of a promise: recorded once, with who was pinged. */
export async function claimEscalation(
  incident: Incident,
  step: Extract<ReminderStep, { kind: 'escalate' }>,
  managers: readonly string[],
  now: Date,
): Promise<AppendResult> {
  return appendTimelineEntry({
    incidentId: incident._id,
    kind: 'escalation',
    text: '',
    public: false,
    occurredAt: now,
    source: 'system',
    promise: { dueAt: step.dueAt },
    notified: [...managers],
    dedupeKey: `escalation:${String(incident._id)}:${step.dueAt.getTime()}`,
  });
}

/** Marks the running promise as escalated. */
export async function markEscalated(
  incident: Incident,
  step: Extract<ReminderStep, { kind: 'escalate' }>,
  now: Date,
): Promise<Incident> {
  const updated = await IncidentModel.findOneAndUpdate(
    { _id: incident._id, nextUpdateDueAt: step.dueAt, escalatedAt: { $exists: false } },
    { $set: { escalatedAt: now } },
    { returnDocument: 'after' },
  ).lean<Incident>();
  return updated ?? incident;
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
  const changes = merge(
    { $set: { cadenceMs } },
    incident.status === 'resolved' ? {} : promiseFields(cadenceMs, actor.now),
  );
  return { incident: await applyChange(incident, changes), entry: appended.entry, created: true };
}

/** Pushes the running promise back by `delayMs` from the later of now and its due time. */
export async function snoozePromise(
  incident: Incident,
  delayMs: number,
  actor: { userId: string; now: Date; source?: TimelineEntry['source']; dedupeKey?: string },
): Promise<ChangeResult> {
  assertOpen(incident);
  if (!hasRunningPromise(incident)) {
    throw new UsageError(
      incident.status === 'resolved'
        ? 'The incident is resolved: no update is promised, so there is nothing to snooze.'
        : 'Reminders are off for this incident: there is nothing to snooze (`/incident remind 30m` turns them on).',
    );
  }
  const appended = await recordActorEntry(incident, actor, {
    kind: 'system',
    event: 'snoozed',
    cadenceMs: delayMs,
  });
  if (!appended.created) return { incident, entry: appended.entry, created: false };
  const from = Math.max(actor.now.getTime(), incident.nextUpdateDueAt.getTime());
  const updated = await applyChange(incident, {
    $set: { nextUpdateDueAt: new Date(from + delayMs), remindersSent: 0 },
    $unset: { escalatedAt: 1, lastReminderAt: 1 },
  });
  return { incident: updated, entry: appended.entry, created: true };
}

/** Open incidents with a running promise, in batches, for the reconciler. */
export async function* incidentsWithPromises(batchSize = 1000): AsyncGenerator<Incident[]> {
  let lastId: Incident['_id'] | undefined;
  for (;;) {
    const batch = await IncidentModel.find({
      closedAt: { $exists: false },
      status: { $ne: 'resolved' },
      nextUpdateDueAt: { $exists: true },
      ...(lastId ? { _id: { $gt: lastId } } : {}),
    })
      .sort({ _id: 1 })
      .limit(batchSize)
      .lean<Incident[]>();
    if (batch.length === 0) return;
    yield batch;
    lastId = batch.at(-1)!._id;
  }
}

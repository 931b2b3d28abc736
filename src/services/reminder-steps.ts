import { IncidentModel, type Incident } from '../../models/incident.js';
import { TimelineEntryModel, type TimelineEntry } from '../../models/timeline-entry.js';
import { cadenceOf, hasRunningPromise, type CadencePolicy } from './promises.js';
import { appendTimelineEntry, type AppendResult } from './timeline.js';

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

/** A reminder step. */
export type RemindStep = Extract<ReminderStep, { kind: 'remind' }>;
/** An escalation step. */
export type EscalateStep = Extract<ReminderStep, { kind: 'escalate' }>;

/**
 * The next step for the running promise, read from the stored state alone (so any replica, and the
 * reconciler after a restart, computes the same): the first reminder at the due time; managers
 * pinged after the grace; then a reminder every cadence until an update comes.
 */
export function nextReminderStep(incident: Incident, settings: ReminderSettings): ReminderStep | undefined {
  if (!hasRunningPromise(incident)) return undefined;
  const dueAt = incident.nextUpdateDueAt;
  // A promise recorded long after it lapsed (an old update typed in afterwards) is history: the figures count it
  // broken, but nobody is reminded or paged about it.
  if (incident.promisedAt && incident.promisedAt.getTime() > dueAt.getTime() + settings.escalationGraceMs) return undefined;
  const sent = incident.remindersSent ?? 0;
  if (sent === 0) return { kind: 'remind', dueAt, index: 0, fireAt: dueAt };
  if (!incident.escalatedAt && settings.managerUserIds.length > 0) {
    return { kind: 'escalate', dueAt, fireAt: new Date(dueAt.getTime() + settings.escalationGraceMs) };
  }
  const every = cadenceOf(incident, settings.cadence) ?? settings.escalationGraceMs;
  const last = Math.max(incident.lastReminderAt?.getTime() ?? 0, incident.escalatedAt?.getTime() ?? 0, dueAt.getTime());
  return { kind: 'remind', dueAt, index: sent, fireAt: new Date(last + every) };
}

/** True when a step computed earlier is still the one to take now (no update renewed the promise since). */
export function isCurrentStep(incident: Incident | null, step: ReminderStep, settings: ReminderSettings): boolean {
  if (!incident) return false;
  const next = nextReminderStep(incident, settings);
  if (!next || next.kind !== step.kind || next.dueAt.getTime() !== step.dueAt.getTime()) return false;
  return next.kind === 'escalate' || (step.kind === 'remind' && next.index === step.index);
}

/**
 * Claims a reminder: records it in the timeline once (its dedupe key is the promise and the index),
 * and records the promise as broken. A second claim of the same reminder returns the first record.
 */
export async function claimReminder(incident: Incident, step: RemindStep, now: Date): Promise<AppendResult> {
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

/**
 * Marks a reminder as sent, moving the promise's state on to the next step; null when the promise changed
 * meanwhile (an update or a snooze landed while the reminder went out): whoever changed it scheduled its own step.
 */
export async function markReminderSent(incident: Incident, step: RemindStep, now: Date): Promise<Incident | null> {
  return IncidentModel.findOneAndUpdate(
    { _id: incident._id, nextUpdateDueAt: step.dueAt, remindersSent: step.index },
    { $set: { remindersSent: step.index + 1, lastReminderAt: now } },
    { returnDocument: 'after' },
  ).lean<Incident>();
}

/** Claims the escalation of a promise: recorded once; the managers it reaches are added as their messages go out. */
export async function claimEscalation(incident: Incident, step: EscalateStep, now: Date): Promise<AppendResult> {
  return appendTimelineEntry({
    incidentId: incident._id,
    kind: 'escalation',
    text: '',
    public: false,
    occurredAt: now,
    source: 'system',
    promise: { dueAt: step.dueAt },
    notified: [],
    dedupeKey: `escalation:${String(incident._id)}:${step.dueAt.getTime()}`,
  });
}

/** Records that the escalation's direct message reached a manager (once, however often it is recorded). */
export async function recordManagerReached(escalation: Pick<TimelineEntry, '_id'>, managerId: string): Promise<void> {
  await TimelineEntryModel.updateOne({ _id: escalation._id }, { $addToSet: { notified: managerId } });
}

/** Records the managers the escalation could not reach after every attempt. */
export async function recordManagersUnreachable(escalation: Pick<TimelineEntry, '_id'>, managerIds: readonly string[]): Promise<TimelineEntry | null> {
  return TimelineEntryModel.findOneAndUpdate(
    { _id: escalation._id },
    { $addToSet: { unreachable: { $each: [...managerIds] } } },
    { returnDocument: 'after' },
  ).lean<TimelineEntry>();
}

/** Marks the running promise as escalated; null when the promise changed meanwhile. */
export async function markEscalated(incident: Incident, step: EscalateStep, now: Date): Promise<Incident | null> {
  return IncidentModel.findOneAndUpdate(
    { _id: incident._id, nextUpdateDueAt: step.dueAt, escalatedAt: { $exists: false } },
    { $set: { escalatedAt: now } },
    { returnDocument: 'after' },
  ).lean<Incident>();
}

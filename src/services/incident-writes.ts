import type { Types, UpdateQuery } from 'mongoose';
import { ConflictError, NotFoundError } from '../errors.js';
import { CounterModel, IncidentModel, type Incident } from '../../models/incident.js';
import type { TimelineEntry } from '../../models/timeline-entry.js';

/** The incident after a change, and the timeline entry that records it (when one was written). */
export interface ChangeResult {
  incident: Incident;
  entry?: TimelineEntry;
  /** False when the same delivery had already been recorded. */
  created: boolean;
  /** The `updatedAt` of the state the write changed, when it was a compare-and-set on it. */
  basedOn?: Date;
}

/** Applies one atomic update to an incident and returns the incident as it now is. */
export async function applyChange(incident: Pick<Incident, '_id'>, update: UpdateQuery<Incident>): Promise<Incident> {
  const updated = await IncidentModel.findOneAndUpdate({ _id: incident._id }, update, {
    returnDocument: 'after',
  }).lean<Incident>();
  if (!updated) throw new NotFoundError('This incident no longer exists.');
  return updated;
}

/**
 * Applies one atomic update only if the incident is still as it was read (its `updatedAt`); null when someone
 * changed it since, and nothing was written.
 */
export async function applyChangeIfUnchanged(incident: Incident, update: UpdateQuery<Incident>): Promise<Incident | null> {
  return IncidentModel.findOneAndUpdate({ _id: incident._id, updatedAt: incident.updatedAt }, update, {
    returnDocument: 'after',
  }).lean<Incident>();
}

/** Refuses changes to a closed incident, saying what still works. */
export function assertOpen(incident: Incident): void {
  if (incident.closedAt) {
    throw new ConflictError(
      `Incident #${incident.number} is closed, so it takes no more changes. \`/incident postmortem\` still drafts it.`,
    );
  }
}

/** Merges update documents operator by operator (later fields win), so one write carries several changes. */
export function merge(...updates: UpdateQuery<Incident>[]): UpdateQuery<Incident> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const update of updates) {
    for (const [operator, fields] of Object.entries(update)) {
      merged[operator] = { ...merged[operator], ...(fields as Record<string, unknown>) };
    }
  }
  return merged as UpdateQuery<Incident>;
}

/** The next incident number of a workspace, counted atomically. */
export async function nextIncidentNumber(teamId: string): Promise<number> {
  const counter = await CounterModel.findOneAndUpdate(
    { _id: `incident:${teamId}` },
    { $inc: { seq: 1 } },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  return counter!.seq;
}

/** Remembers the pinned card message of an incident. */
export async function setIncidentCard(incident: Pick<Incident, '_id'>, card: { channelId: string; ts: string }) {
  return applyChange(incident, { $set: { card } });
}

/** Records that a Slack post failed for good, so the card can say so; nothing is silently dropped. */
export async function recordDeliveryFailure(incidentId: Types.ObjectId | string, what: string, at: Date): Promise<void> {
  await IncidentModel.updateOne({ _id: incidentId }, { $set: { lastDeliveryFailure: { at, what } } });
}

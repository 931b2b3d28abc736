import type { Types } from 'mongoose';
import { TimelineEntryModel, type EntrySource, type TimelineEntry } from '../../models/timeline-entry.js';

/** What a caller gives to record one entry; the store adds `recordedAt` and the empty revision list. */
export type NewEntry = Omit<TimelineEntry, '_id' | 'recordedAt' | 'revisions'> & { recordedAt?: Date };

/** Who did something, when, and how it reached us. */
export interface Actor {
  userId: string;
  /** When it was recorded. */
  now: Date;
  /** When it happened, if earlier (`--at`); the entry stands at that time in the timeline. */
  occurredAt?: Date;
  source?: EntrySource;
  /** Makes a repeated delivery a no-op (a double-submitted modal, a retried event). */
  dedupeKey?: string;
}

/**
 * Records what a person did to an incident: by `actor`, at the time it happened (`actor.occurredAt`, else
 * `actor.now`), internal and without text unless the entry says otherwise.
 */
export function recordActorEntry(
  incident: { _id: Types.ObjectId },
  actor: Actor,
  entry: Pick<NewEntry, 'kind'> & Partial<NewEntry>,
): Promise<AppendResult> {
  return appendTimelineEntry({
    incidentId: incident._id,
    text: '',
    public: false,
    authorId: actor.userId,
    occurredAt: actor.occurredAt ?? actor.now,
    source: actor.source ?? 'command',
    ...(actor.dedupeKey ? { dedupeKey: actor.dedupeKey } : {}),
    ...entry,
  });
}

/** The entry, and whether this call stored it (false when the same delivery was already recorded). */
export interface AppendResult {
  entry: TimelineEntry;
  created: boolean;
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * Appends an entry: one insert, atomic, so concurrent appends never lose or duplicate anything.
 * An entry with a `dedupeKey` already stored is not stored again; the stored one is returned.
 */
export async function appendTimelineEntry(entry: NewEntry): Promise<AppendResult> {
  const document = { ...entry, recordedAt: entry.recordedAt ?? new Date(), revisions: [] };
  try {
    const created = await TimelineEntryModel.create(document);
    return { entry: created.toObject(), created: true };
  } catch (error) {
    if (!entry.dedupeKey || !isDuplicateKey(error)) throw error;
    const existing = await TimelineEntryModel.findOne({ dedupeKey: entry.dedupeKey }).lean<TimelineEntry>();
    if (!existing) throw error;
    return { entry: existing, created: false };
  }
}

/** Remembers the Slack message that shows an entry (the bot's post of an update). */
export async function setEntryMessage(
  entryId: Types.ObjectId,
  slack: { channelId: string; ts: string; permalink?: string },
): Promise<void> {
  await TimelineEntryModel.updateOne({ _id: entryId }, { $set: { slack } });
}

/**
 * The latest `limit` entries in timeline order, how many earlier ones exist, and every entry's number: entry N is
 * the Nth recorded, so numbers never change when something is backdated in between (`edit N`, `retract N`).
 */
export async function listTimeline(
  incidentId: Types.ObjectId,
  limit: number,
): Promise<{ entries: TimelineEntry[]; earlier: number; numbers: Map<string, number> }> {
  const [latest, ids] = await Promise.all([
    TimelineEntryModel.find({ incidentId })
      .sort({ occurredAt: -1, recordedAt: -1 })
      .limit(limit)
      .lean<TimelineEntry[]>(),
    TimelineEntryModel.find({ incidentId }, { _id: 1 }).sort({ _id: 1 }).lean<Array<Pick<TimelineEntry, '_id'>>>(),
  ]);
  const numbers = new Map(ids.map((entry, index) => [String(entry._id), index + 1]));
  return { entries: latest.reverse(), earlier: Math.max(0, ids.length - latest.length), numbers };
}

/** Every entry of an incident in timeline order (for the postmortem). */
export async function listAllEntries(incidentId: Types.ObjectId): Promise<TimelineEntry[]> {
  return TimelineEntryModel.find({ incidentId })
    .sort({ occurredAt: 1, recordedAt: 1 })
    .lean<TimelineEntry[]>();
}

/**
 * Applies an edit of the Slack message behind pinned entries: the new text replaces the old, which is
 * kept as a revision. Returns how many entries changed.
 */
export async function reviseEntriesFromMessage(
  channelId: string,
  ts: string,
  text: string,
  at: Date,
): Promise<number> {
  const entries = await TimelineEntryModel.find({
    'slack.channelId': channelId,
    'slack.ts': ts,
    kind: 'pinned',
  })
    .select({ _id: 1, text: 1 })
    .lean<Array<Pick<TimelineEntry, '_id' | 'text'>>>();
  let changed = 0;
  for (const entry of entries) {
    if (entry.text === text) continue;
    // Conditional on the text we read, so two racing edits each keep the revision they replaced.
    const result = await TimelineEntryModel.updateOne(
      { _id: entry._id, text: entry.text },
      { $set: { text }, $push: { revisions: { text: entry.text, replacedAt: at } } },
    );
    changed += result.modifiedCount;
  }
  return changed;
}

/** Marks the entries behind a deleted Slack message as deleted, keeping their text as a revision. */
export async function markEntriesDeleted(channelId: string, ts: string, at: Date): Promise<number> {
  const result = await TimelineEntryModel.updateMany(
    { 'slack.channelId': channelId, 'slack.ts': ts, kind: 'pinned', deletedAt: { $exists: false } },
    { $set: { deletedAt: at } },
  );
  return result.modifiedCount;
}

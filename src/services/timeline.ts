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
  const document: Omit<TimelineEntry, '_id'> = { ...entry, recordedAt: entry.recordedAt ?? new Date(), revisions: [] };
  try {
    // Straight to the driver, as mongoose would store it (fields left undefined are left out): entries are built by
    // typed code from input checked where it came in, and a mongoose document per entry (casting, validation,
    // change tracking) cost about twice the insert itself, on the path of every update.
    const { insertedId } = await TimelineEntryModel.collection.insertOne(document, { ignoreUndefined: true });
    return { entry: { ...document, _id: insertedId }, created: true };
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

/** The pinned entries of one Slack message (one, as pins are deduplicated; legacy data may hold more). */
function pinnedMessage(channelId: string, ts: string) {
  return { 'slack.channelId': channelId, 'slack.ts': ts, kind: 'pinned' as const };
}

/**
 * Applies an edit of the Slack message behind pinned entries: the new text replaces the old, which is
 * kept as a revision with the time it was replaced. Returns the entries that changed (none when the text
 * is the same, as in a redelivered event).
 */
export async function reviseEntriesFromMessage(
  channelId: string,
  ts: string,
  text: string,
  at: Date,
): Promise<Types.ObjectId[]> {
  const entries = await TimelineEntryModel.find(pinnedMessage(channelId, ts))
    .select({ _id: 1, text: 1 })
    .lean<Array<Pick<TimelineEntry, '_id' | 'text'>>>();
  const changed: Types.ObjectId[] = [];
  for (const entry of entries) {
    if (entry.text === text) continue;
    // Conditional on the text we read, so two racing edits each keep the revision they replaced.
    const result = await TimelineEntryModel.updateOne(
      { _id: entry._id, text: entry.text },
      { $set: { text }, $push: { revisions: { text: entry.text, replacedAt: at } } },
    );
    if (result.modifiedCount > 0) changed.push(entry._id);
  }
  return changed;
}

/**
 * Marks the entries behind a deleted Slack message as deleted (their last text stays). Returns the entries
 * marked now; one already marked is left as it is.
 */
export async function markEntriesDeleted(channelId: string, ts: string, at: Date): Promise<Types.ObjectId[]> {
  const entries = await TimelineEntryModel.find({
    ...pinnedMessage(channelId, ts),
    deletedAt: { $exists: false },
  })
    .select({ _id: 1 })
    .lean<Array<Pick<TimelineEntry, '_id'>>>();
  const marked: Types.ObjectId[] = [];
  for (const entry of entries) {
    const result = await TimelineEntryModel.updateOne(
      { _id: entry._id, deletedAt: { $exists: false } },
      { $set: { deletedAt: at } },
    );
    if (result.modifiedCount > 0) marked.push(entry._id);
  }
  return marked;
}

/** Remembers the bot's copy of a pinned message in the incident channel, to update it when the message changes. */
export async function setEntryEcho(
  entryId: Types.ObjectId,
  echo: { channelId: string; ts: string },
): Promise<void> {
  await TimelineEntryModel.updateOne({ _id: entryId }, { $set: { echo } });
}

/** What a pin did to an entry already in the timeline. */
export type PinChangeResult =
  /** The person pins it now, besides those who already did. */
  | 'joined'
  /** Nobody pinned it any more; the person brought it back. */
  | 'restored'
  /** The person already pins it (a second shortcut, a redelivered event). */
  | 'unchanged';

/**
 * Adds a person to those who pin an entry, in one conditional update: a person already among them changes
 * nothing, so redeliveries stay no-ops. An entry nobody pinned any more comes back into the timeline.
 */
export async function addPinner(
  entryId: Types.ObjectId,
  userId: string,
  at: Date,
): Promise<{ entry: TimelineEntry; change: PinChangeResult } | undefined> {
  const before = await TimelineEntryModel.findOneAndUpdate(
    { _id: entryId, pinnedBy: { $ne: userId } },
    { $push: { pinnedBy: userId, pinHistory: { userId, action: 'pinned', at } }, $unset: { unpinnedAt: 1 } },
    { returnDocument: 'before' },
  ).lean<TimelineEntry>();
  const entry = await TimelineEntryModel.findById(entryId).lean<TimelineEntry>();
  if (!entry) return undefined;
  if (!before) return { entry, change: 'unchanged' };
  return { entry, change: before.unpinnedAt ? 'restored' : 'joined' };
}

/**
 * Takes a person's pin of a message back (they removed their reaction). When nobody pins it any more the
 * entry is marked removed from the timeline (`unpinnedAt`); it stays in the internal appendix. A person who
 * does not pin it changes nothing, so redeliveries stay no-ops. Entries stored before pins were counted
 * (no `pinnedBy`) are taken out by whoever removes the reaction. Undefined when the message is not pinned.
 */
export async function removePinner(
  channelId: string,
  ts: string,
  userId: string,
  at: Date,
): Promise<{ entry: TimelineEntry; removed: boolean } | undefined> {
  const unpinned = { userId, action: 'unpinned', at };
  const legacy = await TimelineEntryModel.findOneAndUpdate(
    { ...pinnedMessage(channelId, ts), pinnedBy: { $exists: false }, unpinnedAt: { $exists: false } },
    { $set: { pinnedBy: [], unpinnedAt: at }, $push: { pinHistory: unpinned } },
    { returnDocument: 'after' },
  ).lean<TimelineEntry>();
  if (legacy) return { entry: legacy, removed: true };
  const after = await TimelineEntryModel.findOneAndUpdate(
    { ...pinnedMessage(channelId, ts), pinnedBy: userId },
    { $pull: { pinnedBy: userId }, $push: { pinHistory: unpinned } },
    { returnDocument: 'after' },
  ).lean<TimelineEntry>();
  if (!after) return undefined;
  if ((after.pinnedBy ?? []).length > 0) return { entry: after, removed: false };
  // Only while still nobody pins it: someone pinning it again in between keeps it in.
  const removed = await TimelineEntryModel.findOneAndUpdate(
    { _id: after._id, pinnedBy: { $size: 0 }, unpinnedAt: { $exists: false } },
    { $set: { unpinnedAt: at } },
    { returnDocument: 'after' },
  ).lean<TimelineEntry>();
  if (removed) return { entry: removed, removed: true };
  const current = await TimelineEntryModel.findById(after._id).lean<TimelineEntry>();
  return current ? { entry: current, removed: false } : undefined;
}

/** One entry by id, as stored now. */
export async function getTimelineEntry(entryId: Types.ObjectId): Promise<TimelineEntry | null> {
  return TimelineEntryModel.findById(entryId).lean<TimelineEntry>();
}

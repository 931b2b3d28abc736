import { ConflictError, NotAuthorizedError, NotFoundError, UsageError } from '../errors.js';
import type { Incident } from '../../models/incident.js';
import { TimelineEntryModel, type EntryKind, type TimelineEntry } from '../../models/timeline-entry.js';
import { applyChange, assertOpen } from './incident-writes.js';
import { promiseFields, promiseOfUpdate, type CadencePolicy } from './promises.js';
import type { Actor } from './timeline.js';

/** Entries a person may correct: what they typed as an update, a status change's text, or a note. */
const CORRECTABLE: readonly EntryKind[] = ['update', 'status', 'note'];

/** An entry by its number: entry N is the Nth recorded in the incident, whatever time it stands at. */
export async function entryByNumber(incident: Pick<Incident, '_id'>, number: number): Promise<TimelineEntry> {
  const [entry] = await TimelineEntryModel.find({ incidentId: incident._id })
    .sort({ _id: 1 })
    .skip(number - 1)
    .limit(1)
    .lean<TimelineEntry[]>();
  if (!entry) throw new NotFoundError(`There is no entry ${number}: \`/incident timeline\` shows the numbers.`);
  return entry;
}

/** The entry `number`, checked: a kind people type, not retracted, and theirs — or the commander's to correct. */
async function correctable(incident: Incident, number: number, actor: Actor): Promise<TimelineEntry> {
  assertOpen(incident);
  const entry = await entryByNumber(incident, number);
  if (!CORRECTABLE.includes(entry.kind) || (entry.kind === 'status' && !entry.text)) {
    throw new UsageError(`Entry ${number} is not text someone typed: only updates, status texts and notes can be corrected.`);
  }
  if (entry.retractedAt) throw new ConflictError(`Entry ${number} was already retracted.`);
  if (entry.authorId !== actor.userId && incident.roles.commander !== actor.userId) {
    throw new NotAuthorizedError(`Entry ${number} is <@${entry.authorId}>’s: only they or the commander can correct it.`);
  }
  return entry;
}

/** The incident and the corrected entry. */
export interface Correction {
  /** The incident, as the correction's write returned it when it moved the promise. */
  incident: Incident;
  entry: TimelineEntry;
  number: number;
  /** True when the correction moved the running promise (the incident changed). */
  promiseMoved: boolean;
}

/**
 * Replaces the text of entry `number`, keeping the earlier text as a revision. A public update that holds the
 * running promise promises again from what its corrected words say (`--next` stays as it was given).
 */
export async function editEntry(
  incident: Incident,
  number: number,
  text: string,
  actor: Actor,
  policy: CadencePolicy,
): Promise<Correction> {
  const entry = await correctable(incident, number, actor);
  if (entry.text === text) throw new UsageError(`Entry ${number} already says that.`);
  const promise =
    entry.public && entry.nextUpdate && entry.nextUpdate.source !== 'flag'
      ? promiseOfUpdate(incident, { at: entry.occurredAt, text }, policy)
      : entry.nextUpdate;
  // Conditional on the text read, so two racing corrections each keep the revision they replaced.
  const edited = await TimelineEntryModel.findOneAndUpdate(
    { _id: entry._id, text: entry.text },
    {
      $set: { text, ...(promise ? { nextUpdate: promise } : {}) },
      $push: { revisions: { text: entry.text, replacedAt: actor.now } },
    },
    { returnDocument: 'after' },
  ).lean<TimelineEntry>();
  if (!edited) throw new ConflictError(`Entry ${number} changed while you were correcting it; look at \`/incident timeline\` and try again.`);
  const holdsPromise =
    promise && entry.nextUpdate?.dueAt && incident.nextUpdateDueAt?.getTime() === entry.nextUpdate.dueAt.getTime();
  const moved = holdsPromise && promise.dueAt?.getTime() !== entry.nextUpdate?.dueAt?.getTime();
  const updated = moved ? await applyChange(incident, promiseFields(promise.dueAt, actor.now)) : incident;
  return { incident: updated, entry: edited, number, promiseMoved: Boolean(moved) };
}

/**
 * Takes entry `number` back: it leaves the public timeline and the figures, and stays in the internal appendix as
 * retracted. The running promise does not move; the next update renews it.
 */
export async function retractEntry(incident: Incident, number: number, actor: Actor): Promise<Correction> {
  const entry = await correctable(incident, number, actor);
  const retracted = await TimelineEntryModel.findOneAndUpdate(
    { _id: entry._id, retractedAt: { $exists: false } },
    { $set: { retractedAt: actor.now, retractedBy: actor.userId } },
    { returnDocument: 'after' },
  ).lean<TimelineEntry>();
  if (!retracted) throw new ConflictError(`Entry ${number} was already retracted.`);
  return { incident, entry: retracted, number, promiseMoved: false };
}

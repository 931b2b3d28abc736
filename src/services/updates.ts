import type { UpdateQuery } from 'mongoose';
import { NotFoundError, UsageError } from '../errors.js';
import type { Incident, Status } from '../../models/incident.js';
import { TimelineEntryModel, type NextUpdate, type TimelineEntry } from '../../models/timeline-entry.js';
import { getIncident } from './incident-queries.js';
import { applyChange, applyChangeIfUnchanged, assertOpen, merge, type ChangeResult } from './incident-writes.js';
import { cadenceOf, promiseFields, promiseOfUpdate, publicUpdateChanges, type CadencePolicy, type PublicUpdate } from './promises.js';
import { recordActorEntry, type Actor } from './timeline.js';

export interface UpdateInput extends Actor {
  text: string;
  internal?: boolean;
  /** `--next`: the promise of this update only. */
  nextMs?: number;
}

/**
 * Records a status update. A public one promises the next update — by `--next`, its own words, or the cadence —
 * counted from its own time, backdated or not; the latest public update's promise is the running one. Internal
 * updates promise nothing. With `assumeCurrent`, `incident` is a state this process saw earlier rather than one it
 * just read: the write holds only if the incident is unchanged since, and otherwise the promise is worked out again
 * from the incident as it is now.
 */
export async function recordUpdate(
  incident: Incident,
  input: UpdateInput,
  policy: CadencePolicy,
  options: { assumeCurrent?: boolean } = {},
): Promise<ChangeResult> {
  assertOpen(incident);
  const at = input.occurredAt ?? input.now;
  const promise = input.internal ? undefined : promiseOfUpdate(incident, { at, text: input.text, nextMs: input.nextMs }, policy);
  const appended = await recordActorEntry(incident, input, {
    kind: 'update',
    text: input.text,
    public: !input.internal,
    ...(promise ? { nextUpdate: promise } : {}),
  });
  if (!appended.created || !promise) return { incident, entry: appended.entry, created: appended.created };
  const changes = (from: Incident, made: NextUpdate) => publicUpdateChanges(from, { at, userId: input.userId, now: input.now, promise: made });
  if (!options.assumeCurrent) {
    return { incident: await applyChange(incident, changes(incident, promise)), entry: appended.entry, created: true };
  }
  const updated = await applyChangeIfUnchanged(incident, changes(incident, promise));
  if (updated) return { incident: updated, entry: appended.entry, created: true, basedOn: incident.updatedAt };
  return redoUpdate(incident, appended.entry, { at, text: input.text, nextMs: input.nextMs }, policy, changes);
}

/**
 * The incident changed since this process saw it: the update is checked against it as it is now — taken back
 * when the incident was closed meanwhile, its promise worked out again otherwise.
 */
async function redoUpdate(
  seen: Incident,
  entry: TimelineEntry,
  update: PublicUpdate,
  policy: CadencePolicy,
  changes: (from: Incident, made: NextUpdate) => UpdateQuery<Incident>,
): Promise<ChangeResult> {
  const current = await getIncident(seen._id);
  if (!current || current.closedAt) {
    await TimelineEntryModel.deleteOne({ _id: entry._id });
    if (!current) throw new NotFoundError('This incident no longer exists.');
    assertOpen(current);
  }
  const promise = promiseOfUpdate(current!, update, policy);
  const same = promise.dueAt?.getTime() === entry.nextUpdate?.dueAt?.getTime() && promise.source === entry.nextUpdate?.source;
  if (!same) await TimelineEntryModel.updateOne({ _id: entry._id }, { $set: { nextUpdate: promise } });
  return { incident: await applyChange(current!, changes(current!, promise)), entry: { ...entry, nextUpdate: promise }, created: true };
}

export interface StatusInput extends Actor {
  status: Status;
  /** Optional public update text sent with the change. */
  text?: string;
  nextMs?: number;
}

/**
 * Changes the status, at its own time (`--at`). With text it is also a public update. Resolving stops the promise
 * (nothing is reminded after that) and records when it was resolved; leaving `resolved` reopens the incident and
 * promises an update again.
 */
export async function changeStatus(incident: Incident, input: StatusInput, policy: CadencePolicy): Promise<ChangeResult> {
  assertOpen(incident);
  if (incident.status === input.status && !input.text) {
    throw new UsageError(`The incident is already ${input.status}.`);
  }
  const at = input.occurredAt ?? input.now;
  const reopening = incident.status === 'resolved' && input.status !== 'resolved';
  const promise =
    input.status === 'resolved'
      ? undefined
      : reopening
        ? { dueAt: cadenceAfter(incident, at, policy), source: 'cadence' as const }
        : input.text
          ? promiseOfUpdate(incident, { at, text: input.text, nextMs: input.nextMs }, policy)
          : undefined;
  const appended = await recordActorEntry(incident, input, {
    kind: 'status',
    status: input.status,
    text: input.text ?? '',
    public: Boolean(input.text),
    ...(reopening ? { event: 'reopened' as const } : {}),
    ...(promise ? { nextUpdate: promise } : {}),
  });
  if (!appended.created) return { incident, entry: appended.entry, created: false };

  const published: UpdateQuery<Incident> = input.text ? { $max: { lastPublicUpdateAt: at }, $set: { lastPublicUpdateBy: input.userId } } : {};
  const changes: UpdateQuery<Incident>[] = [{ $set: { status: input.status } }];
  if (input.status === 'resolved') {
    changes.push({ $set: { resolvedAt: at } }, promiseFields(null, input.now), published);
  } else if (reopening) {
    changes.push({ $unset: { resolvedAt: 1 } }, promiseFields(promise!.dueAt, input.now), published);
  } else if (promise) {
    changes.push(publicUpdateChanges(incident, { at, userId: input.userId, now: input.now, promise }));
  }
  const updated = await applyChange(incident, merge(...changes));
  return { incident: updated, entry: appended.entry, created: true };
}

function cadenceAfter(incident: Incident, at: Date, policy: CadencePolicy): Date | null {
  const cadence = cadenceOf(incident, policy);
  return cadence === null ? null : new Date(at.getTime() + cadence);
}

/** Adds an internal note, at its own time; it promises nothing. */
export async function addNote(incident: Incident, input: Actor & { text: string }): Promise<ChangeResult> {
  assertOpen(incident);
  const appended = await recordActorEntry(incident, input, { kind: 'note', text: input.text });
  return { incident, entry: appended.entry, created: appended.created };
}

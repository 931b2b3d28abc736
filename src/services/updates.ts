import type { UpdateQuery } from 'mongoose';
import { UsageError } from '../errors.js';
import type { Incident, Status } from '../../models/incident.js';
import { applyChange, assertOpen, merge, type ChangeResult } from './incident-writes.js';
import { cadenceOf, promiseFields, promiseOfUpdate, publicUpdateChanges, type CadencePolicy } from './promises.js';
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
 * updates promise nothing.
 */
export async function recordUpdate(incident: Incident, input: UpdateInput, policy: CadencePolicy): Promise<ChangeResult> {
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
  const updated = await applyChange(incident, publicUpdateChanges(incident, { at, userId: input.userId, now: input.now, promise }));
  return { incident: updated, entry: appended.entry, created: true };
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

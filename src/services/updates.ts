import type { UpdateQuery } from 'mongoose';
import { UsageError } from '../errors.js';
import type { Incident, Status } from '../../models/incident.js';
import { applyChange, assertOpen, merge, type ChangeResult } from './incident-writes.js';
import {
  cadenceOf,
  promiseFields,
  publicUpdateChanges,
  recordPromiseOutcome,
  type CadencePolicy,
  type PublicUpdatePromise,
} from './promises.js';
import { recordActorEntry, type Actor } from './timeline.js';

export interface UpdateInput extends Actor, Omit<PublicUpdatePromise, 'userId' | 'now'> {
  text: string;
  internal?: boolean;
}

/**
 * Records a status update. A public one that is not backdated keeps (or breaks) the running promise
 * and promises the next update after the cadence; internal and backdated updates promise nothing.
 */
export async function recordUpdate(incident: Incident, input: UpdateInput, policy: CadencePolicy): Promise<ChangeResult> {
  assertOpen(incident);
  const appended = await recordActorEntry(incident, input, {
    kind: 'update',
    text: input.text,
    public: !input.internal,
    occurredAt: input.occurredAt ?? input.now,
  });
  if (!appended.created || input.internal) return { incident, entry: appended.entry, created: appended.created };
  const updated = await applyChange(incident, await publicUpdateChanges(incident, input, policy));
  return { incident: updated, entry: appended.entry, created: true };
}

export interface StatusInput extends Actor {
  status: Status;
  /** Optional public update text sent with the change. */
  text?: string;
}

/**
 * Changes the status. With text it is also a public update. Resolving stops the promise (nothing is
 * reminded after that); leaving `resolved` reopens the incident and promises an update again.
 */
export async function changeStatus(incident: Incident, input: StatusInput, policy: CadencePolicy): Promise<ChangeResult> {
  assertOpen(incident);
  if (incident.status === input.status && !input.text) {
    throw new UsageError(`The incident is already ${input.status}.`);
  }
  const reopening = incident.status === 'resolved' && input.status !== 'resolved';
  const appended = await recordActorEntry(incident, input, {
    kind: 'status',
    status: input.status,
    text: input.text ?? '',
    public: Boolean(input.text),
    ...(reopening ? { event: 'reopened' as const } : {}),
  });
  if (!appended.created) return { incident, entry: appended.entry, created: false };

  const published = input.text ? { $set: { lastPublicUpdateAt: input.now, lastPublicUpdateBy: input.userId } } : {};
  const changes: UpdateQuery<Incident>[] = [{ $set: { status: input.status } }];
  if (input.status === 'resolved') {
    if (input.text && incident.nextUpdateDueAt) await recordPromiseOutcome(incident, incident.nextUpdateDueAt, input.now);
    changes.push({ $set: { resolvedAt: input.now } }, promiseFields(null, input.now), published);
  } else if (reopening) {
    changes.push({ $unset: { resolvedAt: 1 } }, promiseFields(cadenceOf(incident, policy), input.now), published);
  } else if (input.text) {
    changes.push(await publicUpdateChanges(incident, input, policy));
  }
  const updated = await applyChange(incident, merge(...changes));
  return { incident: updated, entry: appended.entry, created: true };
}

/** Adds an internal note; it promises nothing. */
export async function addNote(incident: Incident, input: Actor & { text: string; occurredAt?: Date }): Promise<ChangeResult> {
  assertOpen(incident);
  const appended = await recordActorEntry(incident, input, {
    kind: 'note',
    text: input.text,
    occurredAt: input.occurredAt ?? input.now,
  });
  return { incident, entry: appended.entry, created: appended.created };
}

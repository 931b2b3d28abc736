import { NotFoundError, UsageError } from '../errors.js';
import { IncidentModel, type Incident } from '../../models/incident.js';
import { applyChange, type ChangeResult } from './incident-writes.js';
import { recordActorEntry, type Actor } from './timeline.js';

/** Adds a remediation item (Planned); its number is its place in the list. */
export async function addActionItem(
  incident: Incident,
  input: Actor & { text: string; ownerId?: string },
): Promise<ChangeResult & { number: number }> {
  // Remediation items are still added after close, during the postmortem review.
  const item = { text: input.text, ownerId: input.ownerId, done: false, createdAt: input.now, createdBy: input.userId };
  const updated = await IncidentModel.findOneAndUpdate(
    { _id: incident._id },
    { $push: { actions: item } },
    { returnDocument: 'after' },
  ).lean<Incident>();
  if (!updated) throw new NotFoundError('This incident no longer exists.');
  // Concurrent additions each find their own item: same text, author and time is the same item.
  const index = updated.actions.findLastIndex(
    (action) =>
      action.text === item.text && action.createdBy === item.createdBy && action.createdAt.getTime() === input.now.getTime(),
  );
  const number = index + 1;
  const appended = await recordActorEntry(incident, input, { kind: 'action', action: { number, done: false }, text: input.text });
  return { incident: updated, entry: appended.entry, created: true, number };
}

/** Marks remediation item `number` (1-based) done. */
export async function completeActionItem(incident: Incident, number: number, actor: Actor): Promise<ChangeResult> {
  const item = incident.actions[number - 1];
  if (!item) {
    throw new NotFoundError(
      incident.actions.length === 0
        ? 'There are no action items yet.'
        : `There is no action item ${number}: the items are numbered 1 to ${incident.actions.length}.`,
    );
  }
  if (item.done) throw new UsageError(`Action item ${number} is already done.`);
  const updated = await applyChange(incident, {
    $set: { [`actions.${number - 1}.done`]: true, [`actions.${number - 1}.doneAt`]: actor.now },
  });
  const appended = await recordActorEntry(incident, actor, { kind: 'action', action: { number, done: true }, text: item.text });
  return { incident: updated, entry: appended.entry, created: true };
}

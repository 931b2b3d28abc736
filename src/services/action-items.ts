import type { Types } from 'mongoose';
import { z } from 'zod';
import { NotFoundError, UsageError } from '../errors.js';
import { incidentsInBatches } from './incident-queries.js';
import { IncidentModel, type ActionItem, type Incident } from '../../models/incident.js';
import type { ChangeResult } from './incident-writes.js';
import { recordActorEntry, type Actor } from './timeline.js';

/** A remediation item's id as it travels in buttons and job payloads: 24 hex digits. */
export const itemIdSchema = z.string().regex(/^[a-f0-9]{24}$/, 'not an item id');

/** What a new remediation item is made of. */
export interface NewActionItem {
  text: string;
  ownerId?: string;
  dueAt?: Date;
}

/** An item and its number (its place in the list, from 1). */
export interface NumberedItem {
  item: ActionItem;
  number: number;
}

/** An item with a due date is a promise: its first reminder goes at the due date. */
export function newActionItem(input: NewActionItem, createdAt: Date, createdBy: string): Omit<ActionItem, '_id'> {
  return {
    text: input.text,
    ...(input.ownerId ? { ownerId: input.ownerId } : {}),
    done: false,
    createdAt,
    createdBy,
    ...(input.dueAt ? { dueAt: input.dueAt, remindAt: input.dueAt, remindersSent: 0 } : {}),
  };
}

/** Who answers for an item: its owner, else the incident's commander, else whoever declared it. */
export function itemRecipient(incident: Pick<Incident, 'roles' | 'declaredBy'>, item: Pick<ActionItem, 'ownerId'>): string {
  return item.ownerId ?? incident.roles.commander ?? incident.declaredBy;
}

/** The item `number` (from 1); a NotFoundError says which numbers exist. */
export function numberedItem(incident: Incident, number: number): ActionItem {
  const item = incident.actions[number - 1];
  if (!item) {
    throw new NotFoundError(
      incident.actions.length === 0
        ? 'There are no action items yet.'
        : `There is no action item ${number}: the items are numbered 1 to ${incident.actions.length}.`,
    );
  }
  return item;
}

/** The item with this id, and its number; undefined when the incident has none such. */
export function findItem(incident: Incident, itemId: Types.ObjectId | string): NumberedItem | undefined {
  const index = incident.actions.findIndex((item) => String(item._id) === String(itemId));
  return index < 0 ? undefined : { item: incident.actions[index]!, number: index + 1 };
}

/** Applies one change to an open item, found by id: null when it is done (or gone) meanwhile. */
async function changeOpenItem(incident: Pick<Incident, '_id'>, item: Pick<ActionItem, '_id'>, update: object, also: object = {}) {
  return IncidentModel.findOneAndUpdate(
    { _id: incident._id, actions: { $elemMatch: { _id: item._id, done: false, ...also } } },
    update,
    { returnDocument: 'after' },
  ).lean<Incident>();
}

function alreadyDone(number: number): UsageError {
  return new UsageError(`Action item ${number} is already done.`);
}

/** Adds a remediation item (Planned), with an optional owner and due date; its number is its place in the list. */
export async function addActionItem(
  incident: Incident,
  input: Actor & NewActionItem,
): Promise<ChangeResult & { number: number }> {
  // Remediation items are still added after close, during the postmortem review.
  const item = newActionItem(input, input.now, input.userId);
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

/** Marks remediation item `number` (1-based) done, once: a second call, however close, is told it is done already. */
export async function completeActionItem(
  incident: Incident,
  number: number,
  actor: Actor,
): Promise<ChangeResult & { item: ActionItem }> {
  const item = numberedItem(incident, number);
  if (item.done) throw alreadyDone(number);
  const updated = await changeOpenItem(incident, item, {
    $set: { 'actions.$.done': true, 'actions.$.doneAt': actor.now, 'actions.$.doneBy': actor.userId },
    $unset: { 'actions.$.remindAt': '' },
  });
  if (!updated) throw alreadyDone(number);
  const appended = await recordActorEntry(incident, actor, { kind: 'action', action: { number, done: true }, text: item.text });
  return { incident: updated, entry: appended.entry, created: true, item: updated.actions[number - 1]! };
}

/** True once an open item's due date has passed. */
export function isOverdue(item: Pick<ActionItem, 'done' | 'dueAt'>, now: Date): boolean {
  return !item.done && item.dueAt !== undefined && item.dueAt.getTime() <= now.getTime();
}

/**
 * Gives an open item a new due date; its next reminder goes then. Moving a date that had already passed keeps
 * the missed one: the item counts as late if done after it.
 */
export async function setActionItemDue(incident: Incident, number: number, dueAt: Date, actor: Actor): Promise<{ incident: Incident; item: ActionItem }> {
  const item = numberedItem(incident, number);
  if (item.done) throw new UsageError(`Action item ${number} is done already: it needs no due date.`);
  const missed = item.dueAt && !item.missedDueAt && isOverdue(item, actor.now) ? { 'actions.$.missedDueAt': item.dueAt } : {};
  const updated = await changeOpenItem(incident, item, {
    $set: { 'actions.$.dueAt': dueAt, 'actions.$.remindAt': dueAt, ...missed },
  });
  if (!updated) throw alreadyDone(number);
  return { incident: updated, item: updated.actions[number - 1]! };
}

/**
 * Hands an open item to someone else, keeping who had it. When it is already overdue, its reminder goes to the
 * new owner at once; otherwise at its due date. Handing it to its owner changes nothing (`changed: false`).
 */
export async function setActionItemOwner(
  incident: Incident,
  number: number,
  ownerId: string,
  actor: Actor,
): Promise<{ incident: Incident; item: ActionItem; changed: boolean; previous?: string }> {
  const item = numberedItem(incident, number);
  if (item.done) throw new UsageError(`Action item ${number} is done already.`);
  if (item.ownerId === ownerId) return { incident, item, changed: false, previous: item.ownerId };
  const overdue = isOverdue(item, actor.now);
  const updated = await changeOpenItem(incident, item, {
    $set: { 'actions.$.ownerId': ownerId, ...(overdue ? { 'actions.$.remindAt': actor.now } : {}) },
    $push: { 'actions.$.ownerChanges': { ownerId, by: actor.userId, at: actor.now } },
  });
  if (!updated) throw alreadyDone(number);
  return { incident: updated, item: updated.actions[number - 1]!, changed: true, previous: item.ownerId };
}

/** Puts an open item's next reminder off until `until`; its due date stays (done later, it is late). */
export async function snoozeActionItem(incident: Incident, number: number, until: Date): Promise<{ incident: Incident; item: ActionItem }> {
  const item = numberedItem(incident, number);
  if (item.done) throw alreadyDone(number);
  const updated = await changeOpenItem(incident, item, { $set: { 'actions.$.remindAt': until } });
  if (!updated) throw alreadyDone(number);
  return { incident: updated, item: updated.actions[number - 1]! };
}

/** The open item a reminder stands for, while that reminder is still the one to send (its time not moved since). */
export function itemReminderDue(incident: Incident | null, itemId: string, remindAt: Date): NumberedItem | undefined {
  const found = incident ? findItem(incident, itemId) : undefined;
  if (!found || found.item.done || found.item.remindAt?.getTime() !== remindAt.getTime()) return undefined;
  return found;
}

/**
 * Moves an item's reminder on to `next` once the one due at `remindAt` was sent (`sent`) or given up; conditional
 * on that reminder, so a repeated attempt records nothing. Null when something else moved it first.
 */
export async function markItemReminded(
  incident: Pick<Incident, '_id'>,
  item: Pick<ActionItem, '_id'>,
  remindAt: Date,
  next: Date,
  now: Date,
  sent: boolean,
): Promise<Incident | null> {
  return changeOpenItem(
    incident,
    item,
    { $set: { 'actions.$.remindAt': next, ...(sent ? { 'actions.$.lastRemindedAt': now } : {}) }, ...(sent ? { $inc: { 'actions.$.remindersSent': 1 } } : {}) },
    { remindAt },
  );
}

/** An open remediation item with its incident, and who answers for it. */
export interface OpenItem extends NumberedItem {
  incident: Incident;
  responsible: string;
}

/** Most incidents a list of open items looks at; the oldest incidents' items are the ones left out past it. */
const OPEN_ITEMS_INCIDENTS = 500;

/**
 * Open remediation items of a workspace, closed incidents included, the soonest due first (items without a date
 * last, oldest first); with `responsible`, only the items that person answers for (owned, or unowned in an
 * incident they command).
 */
export async function listOpenActionItems(teamId: string | undefined, responsible?: string): Promise<OpenItem[]> {
  const open = { done: false };
  const scope = responsible
    ? {
        $or: [
          { actions: { $elemMatch: { ...open, ownerId: responsible } } },
          { actions: { $elemMatch: { ...open, ownerId: { $exists: false } } }, 'roles.commander': responsible },
          { actions: { $elemMatch: { ...open, ownerId: { $exists: false } } }, declaredBy: responsible },
        ],
      }
    : { actions: { $elemMatch: open } };
  const incidents = await IncidentModel.find({ ...(teamId ? { teamId } : {}), ...scope })
    .sort({ declaredAt: -1 })
    .limit(OPEN_ITEMS_INCIDENTS)
    .lean<Incident[]>();
  const items = incidents.flatMap((incident) =>
    incident.actions.flatMap((item, index) => {
      if (item.done) return [];
      const person = itemRecipient(incident, item);
      return responsible && person !== responsible ? [] : [{ incident, item, number: index + 1, responsible: person }];
    }),
  );
  const dueTime = (entry: OpenItem) => entry.item.dueAt?.getTime() ?? Infinity;
  return items.sort((a, b) => dueTime(a) - dueTime(b) || a.item.createdAt.getTime() - b.item.createdAt.getTime());
}

/** Incidents, closed or not, with an open item to remind someone about, in batches, for the reconciler. */
export function incidentsWithItemReminders(batchSize = 1000): AsyncGenerator<Incident[]> {
  return incidentsInBatches({ actions: { $elemMatch: { done: false, remindAt: { $exists: true } } } }, batchSize);
}

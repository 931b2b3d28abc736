import type { Incident } from '../../models/incident.js';
import type { AppDeps } from '../app-deps.js';
import {
  ITEM_SNOOZE_MS,
  renderItemChange,
  renderItemPromise,
  renderItemReminder,
  renderItemUnreachable,
  type ItemContext,
  type ItemOutcome,
  type ItemRef,
} from '../blocks/action-items.js';
import { textReply, type Reply } from '../blocks/reply.js';
import { NotFoundError, UsageError } from '../errors.js';
import {
  addActionItem,
  completeActionItem,
  findItem,
  itemRecipient,
  itemReminderDue,
  markItemReminded,
  setActionItemDue,
  setActionItemOwner,
  snoozeActionItem,
  type NumberedItem,
} from '../services/action-items.js';
import { getIncident, requireIncident } from '../services/incident-queries.js';
import { recordDeliveryFailure } from '../services/incident-writes.js';
import type { Actor } from '../services/timeline.js';
import { sendDirectMessage } from '../slack/direct-messages.js';
import { describeSlackFailure } from '../slack/failures.js';
import { postToIncident } from '../slack/posts.js';
import { displayNames, resolveMention } from '../slack/users.js';
import { dayIn, resolveDue } from '../time/time-argument.js';
import { publishHome } from './home.js';
import { publishChange } from './publish-change.js';

/** Where a button about an item was clicked: a message (the reminder), or App Home. */
export type ItemSurface = { kind: 'message'; channelId: string; ts: string } | { kind: 'home'; teamId?: string };

function contextOf(incident: Incident, found: NumberedItem): ItemContext {
  return { incident, item: found.item, number: found.number };
}

/**
 * Adds a remediation item, its owner read from a mention, and publishes it; with a due date, the person who will
 * be reminded is named in the reply.
 */
export async function addRemediationItem(
  deps: AppDeps,
  incident: Incident,
  item: { text: string; ownerMention?: string; dueAt?: Date },
  actor: Actor,
): Promise<Reply | undefined> {
  const ownerId = item.ownerMention ? await resolveMention(deps.slack, item.ownerMention) : undefined;
  const result = await addActionItem(incident, { ...actor, text: item.text, ownerId, ...(item.dueAt ? { dueAt: item.dueAt } : {}) });
  const warning = await publishChange(deps, result);
  const added = result.incident.actions[result.number - 1];
  if (warning || !added?.dueAt) return warning;
  const context = { incident: result.incident, item: added, number: result.number };
  return renderItemPromise(context, itemRecipient(result.incident, added), deps.config.actionReminderIntervalMs);
}

/** Marks remediation item `number` done and publishes it; its reminders stop. */
export async function completeRemediationItem(deps: AppDeps, incident: Incident, number: number, actor: Actor): Promise<Reply | undefined> {
  return publishChange(deps, await completeActionItem(incident, number, actor));
}

/** Gives an open item a new due date, schedules its reminder then, and tells the channel. */
export async function setRemediationDue(deps: AppDeps, incident: Incident, number: number, dueAt: Date, actor: Actor): Promise<void> {
  const changed = await setActionItemDue(incident, number, dueAt, actor);
  await deps.reminders.schedule(changed.incident);
  const context = { incident: changed.incident, item: changed.item, number };
  await postToIncident(deps.slack, changed.incident, renderItemChange(context, { kind: 'due', by: actor.userId }, actor.now), deps.logger, 'remediation item change');
}

/** Hands an open item to someone (a mention, or a user id from a picker), schedules their reminder and tells the channel. */
export async function setRemediationOwner(
  deps: AppDeps,
  incident: Incident,
  number: number,
  owner: { mention: string } | { userId: string },
  actor: Actor,
): Promise<Reply | undefined> {
  const ownerId = 'mention' in owner ? await resolveMention(deps.slack, owner.mention) : owner.userId;
  const changed = await handOver(deps, incident, number, ownerId, actor);
  return changed.changed ? undefined : textReply(`<@${ownerId}> owns item ${number} already.`);
}

/** Gives the item to `ownerId`; when that changes its owner, schedules their reminder and tells the channel. */
async function handOver(deps: AppDeps, incident: Incident, number: number, ownerId: string, actor: Actor) {
  const changed = await setActionItemOwner(incident, number, ownerId, actor);
  if (!changed.changed) return changed;
  await deps.reminders.schedule(changed.incident);
  const context = { incident: changed.incident, item: changed.item, number };
  await postToIncident(deps.slack, changed.incident, renderItemChange(context, { kind: 'owner', to: ownerId, by: actor.userId }, actor.now), deps.logger, 'remediation item change');
  return changed;
}

/** An owner or a due day the close form gave an existing item (either may be what it already was). */
export interface CloseFormItem {
  number: number;
  ownerId?: string;
  /** A day as the date picker gives it, `2026-12-15`, in the form's zone. */
  day?: string;
}

/**
 * Applies the owners and due dates of the close form's existing items, those that differ from what is recorded
 * (the picker's day is compared in the zone the form was shown in), before the close drafts the postmortem.
 */
export async function applyCloseFormItems(
  deps: AppDeps,
  incidentId: string,
  changes: readonly CloseFormItem[],
  zone: string | undefined,
  actor: Actor,
): Promise<void> {
  let incident = await requireIncident(incidentId);
  let changed = false;
  for (const change of changes) {
    const item = incident.actions[change.number - 1];
    if (!item || item.done) continue;
    if (change.ownerId && change.ownerId !== item.ownerId) {
      incident = (await setActionItemOwner(incident, change.number, change.ownerId, actor)).incident;
      changed = true;
    }
    if (change.day && change.day !== (item.dueAt ? dayIn(item.dueAt, zone) : undefined)) {
      incident = (await setActionItemDue(incident, change.number, resolveDue({ kind: 'on', day: change.day }, actor.now, zone), actor)).incident;
      changed = true;
    }
  }
  if (changed) await deps.reminders.schedule(incident);
}

/**
 * Sends the reminder of an open item that fell due, by direct message to its owner (else the commander). Every
 * attempt re-reads MongoDB first: an item done, snoozed, re-dated or handed over since does nothing. One Slack
 * attempt per job attempt (a refusal fails the attempt, and the job tries again later); once sent, the next
 * reminder is due a `ACTION_REMINDER_INTERVAL` later.
 */
export async function remindAboutItem(deps: AppDeps, incidentId: string, itemId: string, remindAt: Date): Promise<'sent' | 'stale'> {
  const incident = await getIncident(incidentId);
  const due = itemReminderDue(incident, itemId, remindAt);
  if (!incident || !due) return 'stale';
  const recipient = itemRecipient(incident, due.item);
  const now = new Date();
  await sendDirectMessage(deps.stepSlack, recipient, renderItemReminder(contextOf(incident, due), recipient, now));
  deps.metrics.reminderLateness.observe({ kind: 'action' }, Math.max(0, now.getTime() - remindAt.getTime()) / 1000);
  const next = new Date(now.getTime() + deps.config.actionReminderIntervalMs);
  const updated = await markItemReminded(incident, due.item, remindAt, next, now, true);
  if (updated) await deps.reminders.schedule(updated);
  return 'sent';
}

/**
 * Ends an item's reminder Slack refused on every attempt: the channel and the card say who could not be reached,
 * and the next reminder is tried an interval later.
 */
export async function giveUpItemReminder(deps: AppDeps, incidentId: string, itemId: string, remindAt: Date, error: unknown): Promise<void> {
  const incident = await getIncident(incidentId);
  const due = itemReminderDue(incident, itemId, remindAt);
  if (!incident || !due) return;
  const recipient = itemRecipient(incident, due.item);
  const names = await displayNames(deps.stepSlack, [recipient]).catch(() => ({}) as Record<string, string>);
  const name = names[recipient] ?? recipient;
  const failure = describeSlackFailure(error);
  const now = new Date();
  await recordDeliveryFailure(incident._id, `The reminder about remediation item ${due.number} could not reach ${name} by direct message: ${failure}.`, now);
  await postToIncident(deps.slack, incident, renderItemUnreachable(contextOf(incident, due), name, failure), deps.logger, 'remediation reminder notice');
  const updated = await markItemReminded(incident, due.item, remindAt, new Date(now.getTime() + deps.config.actionReminderIntervalMs), now, false);
  await deps.cards.refresh(incident._id);
  if (updated) await deps.reminders.schedule(updated);
}

/** The item a button is about; a NotFoundError when it or its incident is gone. */
async function requireItem(ref: ItemRef): Promise<{ incident: Incident; found: NumberedItem }> {
  const incident = await requireIncident(ref.incidentId);
  const found = findItem(incident, ref.itemId);
  if (!found) throw new NotFoundError('That remediation item no longer exists.');
  return { incident, found };
}

/** Shows what a button did where it was clicked: the reminder message rewritten, or App Home published again. */
async function showOutcome(deps: AppDeps, surface: ItemSurface | undefined, userId: string, context: ItemContext, outcome?: ItemOutcome): Promise<void> {
  if (surface?.kind === 'home') {
    await publishHome(deps, userId, surface.teamId);
    return;
  }
  if (surface?.kind !== 'message') return;
  const message = renderItemReminder(context, userId, new Date(), outcome);
  await deps.slack.chat.update({ channel: surface.channelId, ts: surface.ts, text: message.text, blocks: message.blocks ?? [] });
}

/** What an item already done shows in place of its buttons. */
function doneOutcome(found: NumberedItem): ItemOutcome {
  const { item } = found;
  return item.doneAt && item.doneBy ? { kind: 'done', by: item.doneBy, at: item.doneAt } : { kind: 'closed' };
}

/**
 * The Done button (the reminder, App Home): marks the item done, once however often it is clicked, records it in
 * the timeline and the channel, and shows it done where it was clicked.
 */
export async function completeItemFromButton(deps: AppDeps, ref: ItemRef, userId: string, surface?: ItemSurface): Promise<void> {
  const { incident, found } = await requireItem(ref);
  let current = { incident, found };
  if (!found.item.done) {
    try {
      const result = await completeActionItem(incident, found.number, { userId, now: new Date(), source: 'system' });
      await publishChange(deps, result);
      current = { incident: result.incident, found: { item: result.item, number: found.number } };
    } catch (error) {
      // Done elsewhere a moment ago (the channel, another click): show it as it is.
      if (!(error instanceof UsageError)) throw error;
      current = await requireItem(ref);
    }
  }
  await showOutcome(deps, surface, userId, contextOf(current.incident, current.found), doneOutcome(current.found));
}

/** The reminder's Snooze 1 week: the next reminder comes a week from now; the due date stays. */
export async function snoozeItemFromButton(deps: AppDeps, ref: ItemRef, userId: string, surface?: ItemSurface): Promise<void> {
  const { incident, found } = await requireItem(ref);
  if (found.item.done) {
    await showOutcome(deps, surface, userId, contextOf(incident, found), doneOutcome(found));
    return;
  }
  const until = new Date(Date.now() + ITEM_SNOOZE_MS);
  const snoozed = await snoozeActionItem(incident, found.number, until);
  await deps.reminders.schedule(snoozed.incident);
  await showOutcome(deps, surface, userId, { incident: snoozed.incident, item: snoozed.item, number: found.number }, { kind: 'snoozed', until });
}

/** The reminder's Reassign picker: hands the item over, tells the channel (and so the new owner), and says so in place. */
export async function reassignItemFromPicker(deps: AppDeps, ref: ItemRef, toUserId: string, userId: string, surface?: ItemSurface): Promise<void> {
  const { incident, found } = await requireItem(ref);
  if (found.item.done) {
    await showOutcome(deps, surface, userId, contextOf(incident, found), doneOutcome(found));
    return;
  }
  const after = await handOver(deps, incident, found.number, toUserId, { userId, now: new Date(), source: 'system' });
  // Taking it oneself keeps the buttons: it is still one's own to do.
  await showOutcome(deps, surface, userId, contextOf(after.incident, { item: after.item, number: found.number }), toUserId === userId ? undefined : { kind: 'reassigned', to: toUserId });
}

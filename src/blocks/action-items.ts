import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import type { ActionItem, Incident } from '../../models/incident.js';
import { isOverdue, type OpenItem } from '../services/action-items.js';
import { toFallbackText, toMrkdwn, truncateMrkdwn } from '../slack-text/index.js';
import { humanDuration, slackDate } from './dates.js';
import { ACTION_IDS, ITEM_ACTIONS_PREFIX, itemActionsBlockId } from './ids.js';
import { mention } from './incident-card.js';
import { sections, textReply, type Reply } from './reply.js';

/** How long the reminder's Snooze button puts the next reminder off. */
export const ITEM_SNOOZE_MS = 7 * 24 * 3600_000;

const HEX_ID = /^[a-f0-9]{24}$/;

/** A remediation item as buttons carry it: its incident's id and its own. */
export interface ItemRef {
  incidentId: string;
  itemId: string;
}

/** What a Done or Snooze button carries: `<incident id>.<item id>`. */
export const itemRefValue = z
  .string()
  .regex(/^[a-f0-9]{24}\.[a-f0-9]{24}$/, 'not an item reference')
  .transform((value): ItemRef => {
    const [incidentId, itemId] = value.split('.') as [string, string];
    return { incidentId, itemId };
  });

/** The value of an item's buttons. */
export function encodeItemRef(incident: Pick<Incident, '_id'>, item: Pick<ActionItem, '_id'>): string {
  return `${String(incident._id)}.${String(item._id)}`;
}

/** The item a block of item buttons is about, read from its block id; undefined for any other block. */
export function itemRefOfBlock(blockId: string): ItemRef | undefined {
  if (!blockId.startsWith(ITEM_ACTIONS_PREFIX)) return undefined;
  const [incidentId = '', itemId = ''] = blockId.slice(ITEM_ACTIONS_PREFIX.length).split('_');
  return HEX_ID.test(incidentId) && HEX_ID.test(itemId) ? { incidentId, itemId } : undefined;
}

/** A remediation item with what the builders show of its incident. */
export interface ItemContext {
  incident: Pick<Incident, '_id' | 'number' | 'title' | 'channelId' | 'closedAt'>;
  item: ActionItem;
  number: number;
}

/** When an item is due, in mrkdwn: its date, "overdue since", or that it has none. */
export function dueText(item: Pick<ActionItem, 'done' | 'dueAt'>, now: Date): string {
  if (!item.dueAt) return 'no due date';
  return isOverdue(item, now) ? `:warning: *overdue* since ${slackDate(item.dueAt)}` : `due ${slackDate(item.dueAt)}`;
}

/** The item's text, shortened for a line: `“Fix alert routing”`. */
function quotedItem(item: Pick<ActionItem, 'text'>, limit = 200): string {
  return `“${toFallbackText(item.text, limit)}”`;
}

/** `Remediation item 2 of incident #12` */
function itemName({ incident, number }: Pick<ItemContext, 'incident' | 'number'>): string {
  return `Remediation item ${number} of incident #${incident.number}`;
}

/** What a reminder's buttons led to, shown in their place. */
export type ItemOutcome =
  | { kind: 'done'; by: string; at: Date }
  | { kind: 'snoozed'; until: Date }
  | { kind: 'reassigned'; to: string }
  | { kind: 'closed' };

function outcomeText(outcome: ItemOutcome): string {
  switch (outcome.kind) {
    case 'done':
      return `:white_check_mark: *Done* — marked by ${mention(outcome.by)} ${slackDate(outcome.at)}.`;
    case 'snoozed':
      return `:zzz: Snoozed: the next reminder comes ${slackDate(outcome.until)}.`;
    case 'reassigned':
      return `:bust_in_silhouette: Handed to ${mention(outcome.to)}: the reminders go to them now.`;
    case 'closed':
      return 'This item is done or no longer yours: nothing to do here.';
  }
}

/** Who handed the item to this person since its last reminder, if someone did. */
function handedBy(item: ActionItem, recipient: string): string | undefined {
  const handed = item.ownerChanges?.at(-1);
  const sinceLast = item.lastRemindedAt?.getTime() ?? 0;
  return handed && handed.ownerId === recipient && handed.by !== recipient && handed.at.getTime() > sinceLast ? handed.by : undefined;
}

/** Why this person gets the reminder: they own the item, someone handed it to them, or nobody owns it. */
function whyYou(context: ItemContext, recipient: string): string {
  const { item } = context;
  if (!item.ownerId) return 'Nobody owns it, so it comes to you as the incident’s commander: reassign it below.';
  const by = handedBy(item, recipient);
  return by ? `${mention(by)} handed it to you.` : 'You own it.';
}

/**
 * The direct message about a remediation item that fell due: the item, its incident and channel, its due date,
 * and Done, Snooze 1 week and Reassign; once one of them was used, what it did instead of the buttons.
 */
export function renderItemReminder(context: ItemContext, recipient: string, now: Date, outcome?: ItemOutcome): Reply {
  const { incident, item } = context;
  const repeat = (item.remindersSent ?? 0) > 0;
  // A reminder repeats for the person who had it before; one just handed the item hears of it for the first time.
  const again = repeat && !handedBy(item, recipient) ? ' (again)' : '';
  const title = truncateMrkdwn(toMrkdwn(incident.title), 200);
  const text = truncateMrkdwn(toMrkdwn(item.text), 2800).replace(/\n/g, '\n>');
  // Sent at its due time, an item "is due"; at every repeat, or sent over a minute late, it "is overdue".
  const late = item.dueAt !== undefined && (repeat || now.getTime() - item.dueAt.getTime() > 60_000);
  const state = item.done ? 'is done' : !item.dueAt ? 'is still open' : late ? 'is overdue' : `is due ${slackDate(item.dueAt)}`;
  const due = item.dueAt && (late || item.done) ? ` — it was due ${slackDate(item.dueAt)}` : '';
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `:clipboard: *${itemName(context)} ${state}*${due}${again}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `>${text}` } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `<#${incident.channelId}> · Incident #${incident.number}: ${title}${incident.closedAt ? ' (closed)' : ''} · ${whyYou(context, recipient)}`,
        },
      ],
    },
  ];
  if (outcome) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: outcomeText(outcome) }] });
  } else {
    const value = encodeItemRef(incident, item);
    blocks.push({
      type: 'actions',
      block_id: itemActionsBlockId(String(incident._id), String(item._id)),
      elements: [
        { type: 'button', action_id: ACTION_IDS.itemDone, style: 'primary', text: { type: 'plain_text', text: 'Done' }, value },
        { type: 'button', action_id: ACTION_IDS.itemSnooze, text: { type: 'plain_text', text: 'Snooze 1 week' }, value },
        { type: 'users_select', action_id: ACTION_IDS.itemReassign, placeholder: { type: 'plain_text', text: 'Reassign to…' } },
      ],
    });
  }
  return { text: `${itemName(context)} ${state}${due}: ${toFallbackText(item.text, 2000)}`, blocks };
}

/** A change of an item's owner or due date, said in the incident channel. */
export type ItemChange = { kind: 'owner'; to: string; by: string } | { kind: 'due'; by: string };

/** The channel's notice of a new owner or due date: the new owner is mentioned, so they hear of it. */
export function renderItemChange(context: ItemContext, change: ItemChange, now: Date): Reply {
  const { item } = context;
  const what = `${itemName(context)} ${quotedItem(item)}`;
  const message =
    change.kind === 'owner'
      ? `:bust_in_silhouette: ${what} now belongs to ${mention(change.to)} (${dueText(item, now)}) — handed over by ${mention(change.by)}.`
      : `:calendar: ${what} is now ${dueText(item, now)} — set by ${mention(change.by)}.`;
  return textReply(message);
}

/** The confirmation of a new item with a due date: who hears about it, and when. */
export function renderItemPromise(context: ItemContext, recipient: string, intervalMs: number): Reply {
  const { item, number } = context;
  if (!item.dueAt) return textReply(`Item ${number} has no due date, so nobody is reminded about it.`);
  return textReply(
    `Item ${number} is due ${slackDate(item.dueAt)}. If it is still open then, ${mention(recipient)} gets a direct message, ` +
      `and again every ${humanDuration(intervalMs)} until it is done.`,
  );
}

/** The channel's notice that an item's reminder could not reach its person after every attempt. */
export function renderItemUnreachable(context: ItemContext, name: string, failure: string): Reply {
  return textReply(
    `:warning: The reminder about ${itemName(context).toLowerCase()} ${quotedItem(context.item)} could not reach ` +
      `${truncateMrkdwn(toMrkdwn(name), 80)} by direct message: ${failure}. Reach them another way.`,
  );
}

/** One item in a list: when it is due, where it comes from, what it is (and whose, when the list is everyone's). */
function itemLine(entry: OpenItem, now: Date, withOwner: boolean): string {
  const { incident, item, number, responsible } = entry;
  const owner = withOwner ? ` · ${item.ownerId ? mention(responsible) : `${mention(responsible)} (commander, no owner)`}` : '';
  return `${dueText(item, now)} — <#${incident.channelId}> *#${incident.number}* item ${number}: ${toFallbackText(item.text, 150)}${owner}`;
}

/** Most items one list reply shows. */
const LIST_LIMIT = 60;
/** The `/incident actions` reply: open items across incidents, the soonest due first, overdue ones marked. */
export function renderItemList(items: readonly OpenItem[], scope: 'mine' | 'all', now: Date): Reply {
  const overdue = items.filter((entry) => isOverdue(entry.item, now)).length;
  const heading = `${scope === 'mine' ? 'Your open remediation items' : 'Open remediation items'}: ${items.length}${overdue > 0 ? ` (${overdue} overdue)` : ''}`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${heading}*` } }];
  if (items.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: Nothing open.' } });
    return { text: heading, blocks };
  }
  blocks.push(...sections(items.slice(0, LIST_LIMIT).map((entry) => itemLine(entry, now, scope === 'all')).join('\n')));
  const more = items.length - Math.min(items.length, LIST_LIMIT);
  const hint = scope === 'mine' ? '`/incident actions all` shows everyone’s.' : '`/incident actions` shows yours.';
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${more > 0 ? `…and ${more} more, due later. ` : ''}\`/incident action done N\` in the incident’s channel marks one done; ${hint}` }],
  });
  return { text: heading, blocks };
}

/** App Home's "Your remediation items": the viewer's open items, overdue ones marked, each with a Done button. */
export function renderHomeItems(items: readonly OpenItem[], now: Date, maxItems: number): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your remediation items' } }];
  if (items.length === 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Nothing open for you.' }] });
    return blocks;
  }
  for (const entry of items.slice(0, maxItems)) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: itemLine(entry, now, false) },
      accessory: {
        type: 'button',
        action_id: ACTION_IDS.itemDone,
        text: { type: 'plain_text', text: 'Done' },
        value: encodeItemRef(entry.incident, entry.item),
      },
    });
  }
  if (items.length > maxItems) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${items.length - maxItems} more: \`/incident actions\` lists them all.` }] });
  }
  return blocks;
}

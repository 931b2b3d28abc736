/** action_id of every interactive element, shared by the builders and the handlers. */
export const ACTION_IDS = {
  postUpdate: 'incident_post_update',
  changeStatus: 'incident_change_status',
  snooze: 'reminder_snooze',
  openChannel: 'open_incident_channel',
  itemDone: 'action_item_done',
  itemSnooze: 'action_item_snooze',
  itemReassign: 'action_item_reassign',
} as const;

/** block_id of message blocks that code other than their builder looks for. */
export const BLOCK_IDS = {
  cardActions: 'incident_card_actions',
  reminderActions: 'reminder_actions',
  escalationNotice: 'escalation_notice',
} as const;

/** callback_id of every modal. */
export const VIEW_IDS = {
  declare: 'incident_declare',
  update: 'incident_update',
  status: 'incident_status',
  close: 'incident_close',
} as const;

/** callback_id of the message shortcut. */
export const SHORTCUT_IDS = {
  addToTimeline: 'add_to_incident_timeline',
} as const;

/** The declare form's inputs; each input uses its id as both block_id and action_id. */
export const DECLARE_INPUTS = { title: 'title', severity: 'severity', summary: 'summary', commander: 'commander' } as const;

/** The Post update form's inputs. */
export const UPDATE_INPUTS = { text: 'text', next: 'next', visibility: 'visibility' } as const;

/** The Change status form's inputs. */
export const STATUS_INPUTS = { status: 'status', text: 'text' } as const;

/** The close form's inputs. */
export const CLOSE_INPUTS = {
  cause: 'cause',
  resolution: 'resolution',
  impact: 'impact',
  resolvedAt: 'resolved_at',
  actions: 'actions',
  remark: 'remark',
  locale: 'locale',
} as const;

/** How many rows the close form offers for new items with an owner and a due date (beside the one-per-line box). */
export const NEW_ITEM_ROWS = 3;

/** The close form's inputs of new-item row `row` (0-based): what, who, by when. */
export function newItemInputIds(row: number): { text: string; owner: string; due: string } {
  return { text: `new_item_${row + 1}`, owner: `new_item_${row + 1}_owner`, due: `new_item_${row + 1}_due` };
}

/** The close form's owner and due-date inputs of existing item `number`. */
export function itemInputIds(number: number): { owner: string; due: string } {
  return { owner: `item_${number}_owner`, due: `item_${number}_due` };
}

/** The prefix of `itemActionsBlockId`. */
export const ITEM_ACTIONS_PREFIX = 'item_actions_';

/** The block of a remediation item's buttons and user picker: its id carries the item, which the picker needs. */
export function itemActionsBlockId(incidentId: string, itemId: string): string {
  return `${ITEM_ACTIONS_PREFIX}${incidentId}_${itemId}`;
}

/** Slack allows ten checkboxes in a group: the close form ticks remediation items in groups of ten. */
export const DONE_GROUP_SIZE = 10;

/** The block and action id of the close form's checkbox group `group` (0-based): items 10·group+1 to 10·group+10. */
export function doneGroupId(group: number): string {
  return `done_${group + 1}`;
}

/** Every input id of one form, for the typed reader. */
export type FormInputs = Readonly<Record<string, string>>;

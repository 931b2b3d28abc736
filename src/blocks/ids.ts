/** action_id of every interactive element, shared by the builders and the handlers. */
export const ACTION_IDS = {
  postUpdate: 'incident_post_update',
  changeStatus: 'incident_change_status',
  snooze: 'reminder_snooze',
  openChannel: 'open_incident_channel',
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

/** Slack allows ten checkboxes in a group: the close form ticks remediation items in groups of ten. */
export const DONE_GROUP_SIZE = 10;

/** The block and action id of the close form's checkbox group `group` (0-based): items 10·group+1 to 10·group+10. */
export function doneGroupId(group: number): string {
  return `done_${group + 1}`;
}

/** Every input id of one form, for the typed reader. */
export type FormInputs = Readonly<Record<string, string>>;

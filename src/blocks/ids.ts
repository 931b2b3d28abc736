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

/** block_id / action_id of modal inputs, read back from `view.state.values`. */
export const INPUT_IDS = {
  title: 'title',
  severity: 'severity',
  summary: 'summary',
  commander: 'commander',
  text: 'text',
  visibility: 'visibility',
  next: 'next',
  status: 'status',
  cause: 'cause',
  resolution: 'resolution',
  actions: 'actions',
  impact: 'impact',
  done: 'done',
  locale: 'locale',
} as const;

import { action } from './action.js';
import { actions } from './actions.js';
import { close } from './close.js';
import { edit, retract } from './corrections.js';
import { declare } from './declare.js';
import { help } from './help.js';
import { impact } from './impact.js';
import { list } from './list.js';
import { note } from './note.js';
import { postmortem } from './postmortem.js';
import { cause, resolution } from './postmortem-fields.js';
import { remark } from './remark.js';
import { remind, snooze } from './reminders.js';
import { role } from './role.js';
import { severity } from './severity.js';
import { status } from './status.js';
import type { Subcommand } from './subcommand.js';
import { timeline } from './timeline.js';
import { update } from './update.js';

/** Every `/incident` subcommand, in the order `/incident help` lists them. */
export const subcommands: readonly Subcommand[] = [
  declare,
  update,
  status,
  severity,
  role,
  note,
  impact,
  cause,
  resolution,
  action,
  actions,
  remark,
  remind,
  snooze,
  timeline,
  edit,
  retract,
  close,
  postmortem,
  list,
  help(() => subcommands),
];

import type { App } from '@slack/bolt';
import { ListenerTable } from '../listener-table.js';
import * as actionItems from './action-items.js';
import * as cardButtons from './card-buttons.js';
import type { ButtonListenerArgs } from './card-buttons.js';
import * as snooze from './snooze.js';

/** Registers every button listener, as one Bolt listener that finds it by action id. */
export function register(app: App): void {
  const buttons = new ListenerTable<ButtonListenerArgs>();
  actionItems.register(buttons);
  cardButtons.register(buttons);
  snooze.register(buttons);
  app.action({ action_id: buttons.ids }, (args) => buttons.dispatch((args.action as { action_id: string }).action_id, args));
}

import type { App } from '@slack/bolt';
import * as actionItems from './action-items.js';
import * as cardButtons from './card-buttons.js';
import * as snooze from './snooze.js';

/** Registers every button listener. */
export function register(app: App): void {
  actionItems.register(app);
  cardButtons.register(app);
  snooze.register(app);
}

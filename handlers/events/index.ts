import type { App } from '@slack/bolt';
import * as appHome from './app-home.js';
import * as messageEdits from './message-edits.js';
import * as reactionAdded from './reaction-added.js';
import * as reactionRemoved from './reaction-removed.js';

/** Registers the event listeners; each drops an event already delivered (Slack's retries) first. */
export function register(app: App): void {
  reactionAdded.register(app);
  reactionRemoved.register(app);
  messageEdits.register(app);
  appHome.register(app);
}

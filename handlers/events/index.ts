import type { App } from '@slack/bolt';
import { ListenerTable, type EventListenerArgs } from '../listener-table.js';
import * as appHome from './app-home.js';
import { firstEventDelivery } from './first-delivery.js';
import * as messageEdits from './message-edits.js';
import * as reactionAdded from './reaction-added.js';
import * as reactionRemoved from './reaction-removed.js';

/**
 * Registers the event listeners, as one Bolt listener that finds each by event type and drops an event already
 * delivered (Slack's retries) first.
 */
export function register(app: App): void {
  const events = new ListenerTable<EventListenerArgs>();
  reactionAdded.register(events);
  reactionRemoved.register(events);
  messageEdits.register(events);
  appHome.register(events);
  app.event(events.ids, firstEventDelivery, (args) => events.dispatch(args.event.type, args));
}

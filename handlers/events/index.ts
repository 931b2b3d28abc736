import type { App } from '@slack/bolt';
import type { AppDeps } from '../../src/app-deps.js';
import { firstDelivery } from '../once.js';
import * as appHome from './app-home.js';
import * as messageEdits from './message-edits.js';
import * as reactionAdded from './reaction-added.js';
import * as reactionRemoved from './reaction-removed.js';

/** Registers the event listeners, behind a guard that drops events already delivered (Slack's retries). */
export function register(app: App, deps: AppDeps): void {
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await firstDelivery(deps, `event:${eventId}`))) {
      deps.logger.debug({ eventId }, 'event already delivered; ignored');
      return;
    }
    await next();
  });
  reactionAdded.register(app);
  reactionRemoved.register(app);
  messageEdits.register(app);
  appHome.register(app);
}

import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { depsOf } from '../context.js';
import { firstDelivery } from '../once.js';

/** Listener middleware of every event: an event Slack delivers again (its retries) goes no further. */
export const firstEventDelivery: Middleware<AnyMiddlewareArgs> = async ({ body, context, next }) => {
  const deps = depsOf(context);
  const eventId = (body as { event_id?: unknown }).event_id;
  if (typeof eventId === 'string' && !(await firstDelivery(deps, `event:${eventId}`))) {
    deps.logger.debug({ eventId }, 'event already delivered; ignored');
    return;
  }
  await next();
};

import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import { forEvent, type EventListenerArgs, type ListenerTable } from '../listener-table.js';
import { z } from 'zod';
import { publishHome } from '../../src/flows/home.js';
import { depsOf, type ListenerContext } from '../context.js';

const homeOpened = z.object({ user: z.string().regex(/^[UW][A-Z0-9]+$/), tab: z.string().default('home') });

/** App Home lists the viewer's open remediation items and the open incidents whenever someone opens it. */
export async function appHomeOpened({ event, body, context }: Pick<SlackEventMiddlewareArgs<'app_home_opened'>, 'event' | 'body'> & ListenerContext) {
  const parsed = homeOpened.safeParse(event);
  if (!parsed.success || parsed.data.tab !== 'home') return;
  const teamId = (body as { team_id?: string }).team_id;
  await publishHome(depsOf(context), parsed.data.user, teamId);
}

/** Registers the App Home listener. */
export function register(events: ListenerTable<EventListenerArgs>): void {
  events.on('app_home_opened', forEvent<'app_home_opened'>(appHomeOpened));
}

import type { App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { renderHome } from '../../src/blocks/incident-list.js';
import { listOpenIncidents } from '../../src/services/incident-queries.js';
import { depsOf, type ListenerContext } from '../context.js';

const homeOpened = z.object({ user: z.string(), tab: z.string().default('home') });

/** App Home lists open incidents whenever someone opens it. */
export async function appHomeOpened({ event, body, context }: Pick<SlackEventMiddlewareArgs<'app_home_opened'>, 'event' | 'body'> & ListenerContext) {
  const parsed = homeOpened.safeParse(event);
  if (!parsed.success || parsed.data.tab !== 'home') return;
  const teamId = (body as { team_id?: string }).team_id;
  const incidents = await listOpenIncidents(teamId);
  await depsOf(context).slack.views.publish({ user_id: parsed.data.user, view: renderHome(incidents, new Date()) });
}

/** Registers the App Home listener. */
export function register(app: App): void {
  app.event('app_home_opened', appHomeOpened);
}

import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../../src/app-deps.js';
import { renderHome } from '../../src/blocks/incident-list.js';
import { listOpenIncidents } from '../../src/services/incidents.js';

const homeOpened = z.object({ user: z.string(), tab: z.string().default('home') });

/** App Home lists open incidents whenever someone opens it. */
export function register(app: App, deps: AppDeps): void {
  app.event('app_home_opened', async ({ event, body }) => {
    const parsed = homeOpened.safeParse(event);
    if (!parsed.success || parsed.data.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id;
    const incidents = await listOpenIncidents(teamId);
    await deps.slack.views.publish({ user_id: parsed.data.user, view: renderHome(incidents, new Date()) });
  });
}

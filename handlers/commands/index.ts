import type { App } from '@slack/bolt';
import { incidentCommand } from './router.js';

/** Registers the `/incident` slash command. */
export function register(app: App): void {
  app.command('/incident', incidentCommand);
}

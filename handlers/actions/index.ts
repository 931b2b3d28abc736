import type { App } from '@slack/bolt';
import type { AppDeps } from '../../src/app-deps.js';
import * as cardButtons from './card-buttons.js';
import * as snooze from './snooze.js';

/** Registers every button listener. */
export function register(app: App, deps: AppDeps): void {
  cardButtons.register(app, deps);
  snooze.register(app, deps);
}

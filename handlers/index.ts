import type { App } from '@slack/bolt';
import type { AppDeps } from '../src/app-deps.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import { registerErrorHandler } from './errors.js';
import * as events from './events/index.js';
import * as shortcuts from './shortcuts/index.js';
import * as views from './views/index.js';

/** Registers every Slack listener of the bot and the one error handler; the dependencies reach listeners in their context. */
export function registerHandlers(app: App, deps: AppDeps): void {
  registerErrorHandler(app, deps);
  events.register(app);
  commands.register(app);
  actions.register(app);
  views.register(app);
  shortcuts.register(app);
}

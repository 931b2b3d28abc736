import type { App } from '@slack/bolt';
import type { AppDeps } from '../../src/app-deps.js';
import { renderHelp } from '../../src/blocks/help.js';
import { subcommands } from './registry.js';
import { registerCommandRouter } from './router.js';

/** Registers the `/incident` slash command. */
export function register(app: App, deps: AppDeps): void {
  registerCommandRouter(app, deps, subcommands, () => renderHelp(subcommands));
}

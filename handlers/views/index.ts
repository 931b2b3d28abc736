import type { App } from '@slack/bolt';
import type { AppDeps } from '../../src/app-deps.js';
import * as close from './close.js';
import * as declare from './declare.js';
import * as update from './update.js';

/** Registers every modal submission listener. */
export function register(app: App, deps: AppDeps): void {
  declare.register(app, deps);
  update.register(app, deps);
  close.register(app, deps);
}

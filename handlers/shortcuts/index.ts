import type { App } from '@slack/bolt';
import type { AppDeps } from '../../src/app-deps.js';
import * as addToTimeline from './add-to-timeline.js';

/** Registers every shortcut listener. */
export function register(app: App, deps: AppDeps): void {
  addToTimeline.register(app, deps);
}

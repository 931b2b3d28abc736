import type { App } from '@slack/bolt';
import * as addToTimeline from './add-to-timeline.js';

/** Registers every shortcut listener. */
export function register(app: App): void {
  addToTimeline.register(app);
}

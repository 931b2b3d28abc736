import type { App } from '@slack/bolt';
import * as close from './close.js';
import * as declare from './declare.js';
import * as update from './update.js';

/** Registers every modal submission listener. */
export function register(app: App): void {
  declare.register(app);
  update.register(app);
  close.register(app);
}

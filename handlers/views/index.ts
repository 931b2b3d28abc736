import type { App } from '@slack/bolt';
import { ListenerTable } from '../listener-table.js';
import * as close from './close.js';
import * as declare from './declare.js';
import type { ViewListenerArgs } from './state.js';
import * as update from './update.js';

/** Registers every modal submission listener, as one Bolt listener that finds it by callback id. */
export function register(app: App): void {
  const forms = new ListenerTable<ViewListenerArgs>();
  declare.register(forms);
  update.register(forms);
  close.register(forms);
  app.view({ callback_id: forms.ids, type: 'view_submission' }, (args) => forms.dispatch(args.view.callback_id, args));
}

import type { App } from '@slack/bolt';
import type { AppDeps } from '../src/app-deps.js';
import { replyForError } from './error-replies.js';
import { tell } from './tell.js';

/** What Bolt passes to an extended error handler (the type is not exported by Bolt). */
type ExtendedErrorHandlerArgs = Parameters<Extract<Parameters<App['error']>[0], (args: never) => unknown>>[0];

interface PayloadShape {
  user?: { id?: string } | string;
  user_id?: string;
  channel?: { id?: string } | string;
  channel_id?: string;
  container?: { channel_id?: string };
  view?: { private_metadata?: string };
  event?: { user?: string; channel?: string };
}

/** Who should hear about an error in this payload, and where. */
function audience(body: PayloadShape): { userId?: string; channelId?: string } {
  const userId =
    typeof body.user === 'string' ? body.user : (body.user?.id ?? body.user_id ?? body.event?.user);
  let channelId =
    (typeof body.channel === 'string' ? body.channel : body.channel?.id) ??
    body.channel_id ??
    body.container?.channel_id ??
    body.event?.channel;
  if (!channelId && body.view?.private_metadata) {
    try {
      channelId = (JSON.parse(body.view.private_metadata) as { channelId?: string }).channelId;
    } catch {
      channelId = undefined;
    }
  }
  return { userId, channelId };
}

/**
 * The one place errors from buttons, modals, events and shortcuts end: logged once, and told to the
 * person who acted, ephemerally in the channel or else by direct message.
 */
export async function reportError(deps: AppDeps, error: unknown, body: unknown): Promise<void> {
  const original = (error as { original?: unknown }).original ?? error;
  const { userId, channelId } = audience((body ?? {}) as PayloadShape);
  const reply = replyForError(original, { userId, channelId }, deps.logger);
  if (!userId) return;
  await tell(deps, { userId, ...(channelId ? { channelId } : {}) }, reply);
}

/** Sends what every listener throws to `reportError`; Bolt's own failures before a listener go there too. */
export function registerErrorHandler(app: App, deps: AppDeps): void {
  app.use(async ({ next, body }) => {
    try {
      await next();
    } catch (error) {
      await reportError(deps, error, body);
    }
  });
  app.error(async ({ error, body }: ExtendedErrorHandlerArgs) => reportError(deps, error, body));
}

import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerContext } from './context.js';

/** A pattern that matches exactly these ids, and lists them (for checks such as the manifest's). */
export class ExactIds extends RegExp {
  constructor(readonly list: readonly string[]) {
    super(`^(?:${list.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  }
}

/**
 * The listeners of one kind of Slack request (buttons, forms, events, shortcuts), by the id Slack routes them
 * on. Each kind is one Bolt listener that looks the id up here: Bolt offers every request to every listener it
 * has, so sixteen listeners cost every slash command sixteen middleware chains, and five cost it five.
 */
export class ListenerTable<Args> {
  private readonly listeners = new Map<string, (args: Args) => Promise<void>>();

  /** Adds the listener of `id`; an id has one listener. */
  on(id: string, listener: (args: Args) => Promise<void>): void {
    if (this.listeners.has(id)) throw new Error(`two listeners for ${id}`);
    this.listeners.set(id, listener);
  }

  /** Matches exactly the ids that have a listener. */
  get ids(): ExactIds {
    return new ExactIds([...this.listeners.keys()]);
  }

  /** Runs the listener of `id`. */
  async dispatch(id: string, args: Args): Promise<void> {
    const listener = this.listeners.get(id);
    if (!listener) throw new Error(`no listener for ${id}`);
    await listener(args);
  }
}

/** What Bolt passes an event listener, for events of any type. */
export type EventListenerArgs = SlackEventMiddlewareArgs & ListenerContext;

/** An event listener written for one event type, as a table of every type holds it: the table calls it for that type only. */
export function forEvent<T extends string>(
  listener: (args: SlackEventMiddlewareArgs<T> & ListenerContext) => Promise<void>,
): (args: EventListenerArgs) => Promise<void> {
  return listener as unknown as (args: EventListenerArgs) => Promise<void>;
}

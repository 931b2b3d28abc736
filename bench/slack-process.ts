/**
 * The local Slack workspace (src/local-slack/workspace.ts) in its own process, so its work does not
 * share a CPU with the load generator. It records when each reminder post and each bench update's
 * post arrives.
 */
import { serveParent } from './processes.js';
import { startLocalSlack, type ApiCall } from '../src/local-slack/workspace.js';

const slack = await startLocalSlack();

/** Channel → arrival times (epoch ms) of the chat.postMessage calls made to it, for watched channels. */
let watched = new Map<string, number[]>();
let watchedPosts = 0;

/** `<round> #<sequence>` of a bench update → arrival times (epoch ms) of the posts that carry its text. */
let updatePosts = new Map<string, number[]>();
/** The unique head of a bench update's text (see UpdateCommands), as it reaches the channel. */
const UPDATE_TOKEN = /bench \S+ (\S+ #\d{8})/;

slack.on('call', (call: ApiCall) => {
  if (call.method !== 'chat.postMessage' || call.status !== 200) return;
  const token = UPDATE_TOKEN.exec(String(call.args.text ?? ''))?.[1];
  if (token) {
    const posts = updatePosts.get(token);
    if (posts) posts.push(call.at.getTime());
    else updatePosts.set(token, [call.at.getTime()]);
    return;
  }
  const arrivals = watched.get(String(call.args.channel));
  if (!arrivals) return;
  arrivals.push(call.at.getTime());
  watchedPosts += 1;
});

const methods = {
  /**
   * Adds channels with the bot in them (incidents created directly in the database post there) and,
   * when asked, the bot's incident card in each, as a declaration would have posted it. Returns the
   * cards' message timestamps by channel.
   */
  addChannels(params: { channels: Array<{ id: string; name: string }>; withCards?: boolean }): Record<string, string> {
    const cards: Record<string, string> = {};
    for (const { id, name } of params.channels) {
      slack.addChannel(name, [slack.botUserId, 'U0ALICE'], id);
      if (params.withCards) cards[id] = slack.postAsBot(id, 'Incident card').ts;
    }
    return cards;
  },
  /** Starts recording chat.postMessage arrivals in these channels (forgetting earlier ones). */
  watch(params: { channels: string[] }) {
    watched = new Map(params.channels.map((id) => [id, []]));
    watchedPosts = 0;
    return watched.size;
  },
  /** How many watched channels got at least one post, and how many posts they got in all. */
  watchProgress() {
    let reached = 0;
    for (const arrivals of watched.values()) if (arrivals.length > 0) reached += 1;
    return { reached, posts: watchedPosts };
  },
  /** Arrival times per watched channel. */
  arrivals(): Record<string, number[]> {
    return Object.fromEntries(watched);
  },
  /** Arrival times of bench updates' posts since the last call, by `<round> #<sequence>`; forgets them. */
  takeUpdatePosts(): Record<string, number[]> {
    const taken = Object.fromEntries(updatePosts);
    updatePosts = new Map();
    return taken;
  },
  /**
   * Web API calls received since the last call, by channel (`''` for calls without one) and method — each target
   * has channels of its own — then forgets the recorded calls (memory).
   */
  takeCallCountsByChannel() {
    const counts: Record<string, Record<string, number>> = {};
    for (const call of slack.calls) {
      const byMethod = (counts[String(call.args.channel ?? '')] ??= {});
      byMethod[call.method] = (byMethod[call.method] ?? 0) + 1;
    }
    slack.calls.splice(0);
    slack.responses.splice(0);
    return counts;
  },
  async stop() {
    await slack.close();
    setImmediate(() => process.exit(0));
  },
};

export type SlackMethods = typeof methods;

serveParent(methods, { apiUrl: slack.apiUrl, botToken: slack.botToken, teamId: slack.teamId, botUserId: slack.botUserId });

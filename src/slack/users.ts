import type { WebClient } from '@slack/web-api';
import { NotFoundError, UsageError } from '../errors.js';
import { toMrkdwn, truncateMrkdwn } from '../slack-text/index.js';

const ESCAPED_MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/**
 * Reads a user mention as Slack sends it (`<@U123|name>` once the command escapes users) and checks
 * that the person exists. A bare `@name` cannot be resolved safely and is refused with a hint.
 */
export async function resolveMention(client: WebClient, word: string): Promise<string> {
  const id = ESCAPED_MENTION.exec(word.trim())?.[1];
  if (!id) {
    throw new UsageError(
      `I can’t tell who \`${truncateMrkdwn(toMrkdwn(word), 80)}\` is. Type @ and pick the person from Slack’s list, so the mention reaches me as a user.`,
    );
  }
  const info = await client.users.info({ user: id }).catch((error: unknown) => {
    if ((error as { data?: { error?: string } }).data?.error === 'user_not_found') return undefined;
    throw error;
  });
  if (!info?.user || info.user.deleted) throw new NotFoundError(`<@${id}> is not a member of this workspace.`);
  return id;
}

/** True when the word looks like a mention (escaped or typed as `@name`). */
export function looksLikeMention(word: string): boolean {
  return ESCAPED_MENTION.test(word) || /^@\S+$/.test(word);
}

/** How a name cache behaves; the clock is injectable so tests need not wait. */
export interface NameCacheOptions {
  /** How long a name is reused (default 10 minutes). */
  ttlMs?: number;
  /** How many names are kept; the oldest go first (default 5,000). */
  maxEntries?: number;
  now?: () => number;
}

/** What the bot needs to know of a person: the name documents show, and their own time zone. */
export interface Person {
  name: string;
  /** IANA zone from their Slack profile (`Europe/Paris`), when Slack has one. */
  tz?: string;
}

/**
 * People kept for a while, so drafts made soon after each other, and a person's commands, ask Slack once per
 * person.
 */
export class NameCache {
  private readonly names = new Map<string, { person: Person; expiresAt: number }>();
  /** Lookups under way, so concurrent drafts share one `users.info` call per person. */
  private readonly pending = new Map<string, Promise<Person | undefined>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: NameCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.maxEntries = options.maxEntries ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** The person: the cached one while fresh, else `lookUp`'s answer (shared by concurrent callers, kept if found). */
  async resolve(id: string, lookUp: () => Promise<Person | undefined>): Promise<Person | undefined> {
    const cached = this.get(id);
    if (cached !== undefined) return cached;
    let pending = this.pending.get(id);
    if (!pending) {
      pending = lookUp()
        .then((person) => {
          if (person) this.set(id, person);
          return person;
        })
        .finally(() => this.pending.delete(id));
      this.pending.set(id, pending);
    }
    return pending;
  }

  private get(id: string): Person | undefined {
    const entry = this.names.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.person;
    this.names.delete(id);
    return undefined;
  }

  /** Past the bound, the oldest names are forgotten. */
  private set(id: string, person: Person): void {
    this.names.delete(id);
    this.names.set(id, { person, expiresAt: this.now() + this.ttlMs });
    for (const oldest of this.names.keys()) {
      if (this.names.size <= this.maxEntries) break;
      this.names.delete(oldest);
    }
  }
}

// One cache per client: each client speaks to one workspace.
const caches = new WeakMap<WebClient, NameCache>();

function cacheFor(client: WebClient): NameCache {
  let cache = caches.get(client);
  if (!cache) caches.set(client, (cache = new NameCache()));
  return cache;
}

async function lookUpPerson(client: WebClient, id: string): Promise<Person | undefined> {
  const info = await client.users.info({ user: id }).catch(() => undefined);
  const user = info?.user;
  const name = user?.real_name || user?.profile?.real_name || user?.profile?.display_name || user?.name;
  return name ? { name, ...(user?.tz ? { tz: user.tz } : {}) } : undefined;
}

/**
 * Names of people, for documents outside Slack (the postmortem): each person looked up once and cached for a
 * while; an id Slack cannot name stays the id (and is asked again next time).
 */
export async function displayNames(
  client: WebClient,
  ids: Iterable<string>,
  cache: NameCache = cacheFor(client),
): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      names[id] = (await cache.resolve(id, () => lookUpPerson(client, id)))?.name ?? id;
    }),
  );
  return names;
}

/** A person's own time zone from their Slack profile (cached with their name), or undefined when Slack has none. */
export async function timeZoneOf(client: WebClient, id: string, cache: NameCache = cacheFor(client)): Promise<string | undefined> {
  return (await cache.resolve(id, () => lookUpPerson(client, id)))?.tz;
}

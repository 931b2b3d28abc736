import type { WebClient } from '@slack/web-api';
import { NotFoundError, UsageError } from '../errors.js';

const ESCAPED_MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/**
 * Reads a user mention as Slack sends it (`<@U123|name>` once the command escapes users) and checks
 * that the person exists. A bare `@name` cannot be resolved safely and is refused with a hint.
 */
export async function resolveMention(client: WebClient, word: string): Promise<string> {
  const id = ESCAPED_MENTION.exec(word.trim())?.[1];
  if (!id) {
    throw new UsageError(
      `I can’t tell who \`${word.slice(0, 80)}\` is. Type @ and pick the person from Slack’s list, so the mention reaches me as a user.`,
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

/** Display names of users, for documents outside Slack (the postmortem); falls back to the id. */
export async function displayNames(client: WebClient, ids: Iterable<string>): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      const info = await client.users.info({ user: id }).catch(() => undefined);
      names[id] = info?.user?.real_name || info?.user?.name || id;
    }),
  );
  return names;
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { SlackError, type WorkspaceChannel, type WorkspaceState } from './state.js';

/** The kinds of conversation whose methods need a scope of their own. */
type ConversationKind = 'public' | 'private' | 'im' | 'mpim';

/**
 * The bot-token scopes each method the workspace serves accepts (any one of them), from the method's
 * page on docs.slack.dev. Conversation methods accept the scope of the conversation's kind only:
 * `conversations.history` on a private channel needs `groups:history`, whatever else the bot holds.
 */
const METHOD_SCOPES: Record<string, readonly string[] | Record<ConversationKind, readonly string[]>> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.getPermalink': [],
  'conversations.create': {
    public: ['channels:manage', 'channels:write'],
    private: ['groups:write'],
    im: ['im:write'],
    mpim: ['mpim:write'],
  },
  'conversations.info': { public: ['channels:read'], private: ['groups:read'], im: ['im:read'], mpim: ['mpim:read'] },
  'conversations.join': ['channels:join'],
  'conversations.invite': {
    public: ['channels:manage', 'channels:write.invites'],
    private: ['groups:write', 'groups:write.invites'],
    im: ['im:write'],
    mpim: ['mpim:write'],
  },
  'conversations.open': ['channels:manage', 'groups:write', 'im:write', 'mpim:write'],
  'conversations.history': {
    public: ['channels:history'],
    private: ['groups:history'],
    im: ['im:history'],
    mpim: ['mpim:history'],
  },
  'conversations.replies': {
    public: ['channels:history'],
    private: ['groups:history'],
    im: ['im:history'],
    mpim: ['mpim:history'],
  },
  'pins.add': ['pins:write'],
  'reactions.add': ['reactions:write'],
  'users.info': ['users:read'],
  'views.open': [],
  'views.push': [],
  'views.update': [],
  'views.publish': [],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
};

const manifestSchema = z.object({ oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }) });

/** The bot scopes the project's `manifest.yml` requests: what an installed bot holds. */
export function manifestBotScopes(path = fileURLToPath(new URL('../../manifest.yml', import.meta.url))): string[] {
  return manifestSchema.parse(parse(readFileSync(path, 'utf8'))).oauth_config.scopes.bot;
}

function kindOf(channel: WorkspaceChannel): ConversationKind {
  if (channel.isIm) return channel.members.size > 2 ? 'mpim' : 'im';
  return channel.isPrivate ? 'private' : 'public';
}

/** The conversation a call is about, when the method's scope depends on it and the conversation exists. */
function conversationKind(method: string, args: Record<string, unknown>, state: WorkspaceState): ConversationKind | undefined {
  if (method === 'conversations.create') return args.is_private === true || args.is_private === 'true' ? 'private' : 'public';
  const channel = state.channels.get(String(args.channel ?? ''));
  return channel ? kindOf(channel) : undefined;
}

/**
 * Refuses a call as Slack does when the token lacks every scope the method accepts:
 * `missing_scope`, with the scopes that would do (`needed`) and those the token has (`provided`).
 */
export function checkScopes(method: string, args: Record<string, unknown>, granted: readonly string[], state: WorkspaceState): void {
  const entry = METHOD_SCOPES[method];
  if (entry === undefined) return;
  let accepted: readonly string[];
  if (Array.isArray(entry)) {
    accepted = entry;
  } else {
    const kind = conversationKind(method, args, state);
    // An unknown conversation is answered by the method itself (channel_not_found).
    if (kind === undefined) return;
    accepted = (entry as Record<ConversationKind, readonly string[]>)[kind];
  }
  if (accepted.length === 0 || accepted.some((scope) => granted.includes(scope))) return;
  throw new SlackError('missing_scope', { needed: accepted.join(','), provided: granted.join(',') });
}

import type { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { subcommands } from '../../handlers/commands/registry.js';
import { registerHandlers } from '../../handlers/index.js';
import { ExactIds } from '../../handlers/listener-table.js';
import type { AppDeps } from '../../src/app-deps.js';
import { SLACK_EVENTS_PATH } from '../../src/app.js';
import { SHORTCUT_IDS } from '../../src/blocks/ids.js';

/**
 * The bot-token scopes of every Web API method the bot calls, from the method's page on
 * docs.slack.dev: Slack accepts any one of `accepted` (the one for the conversation type at hand);
 * `needs` is what this bot must hold for the conversations it calls the method on, and why.
 */
const METHOD_SCOPES: Record<string, { accepted: string[]; needs: string[]; why: string }> = {
  'auth.test': { accepted: [], needs: [], why: 'learns the bot user id at start' },
  'chat.getPermalink': { accepted: [], needs: [], why: 'links a pinned message from its timeline entry' },
  'chat.postEphemeral': {
    accepted: ['chat:write'],
    needs: ['chat:write'],
    why: 'answers only the person who pinned or erred',
  },
  'chat.postMessage': {
    accepted: ['chat:write'],
    needs: ['chat:write'],
    why: 'posts cards, updates, reminders and DMs',
  },
  'chat.update': {
    accepted: ['chat:write'],
    needs: ['chat:write'],
    why: 'refreshes the pinned incident card, the bot’s copy of a pinned message, and a remediation reminder once its button was used',
  },
  'conversations.create': {
    accepted: ['channels:manage', 'groups:write', 'im:write', 'mpim:write'],
    needs: ['channels:manage'],
    why: 'creates the public inc-YYYYMMDD-<slug> channel',
  },
  'conversations.info': {
    accepted: ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
    needs: ['channels:read', 'groups:read'],
    why: '`declare --here` looks at the current channel, public or private',
  },
  'conversations.join': {
    accepted: ['channels:join'],
    needs: ['channels:join'],
    why: '`declare --here` in a public channel the bot is not in',
  },
  'conversations.invite': {
    accepted: ['channels:manage', 'groups:write', 'im:write', 'mpim:write'],
    needs: ['channels:manage', 'groups:write'],
    why: 'invites the declarer and role holders to a public or private (`--here`) incident channel',
  },
  'conversations.open': {
    accepted: ['channels:manage', 'groups:write', 'im:write', 'mpim:write'],
    needs: ['im:write'],
    why: 'opens the DM to a manager (escalation), the comms lead (postmortem) or an item’s owner (remediation reminder)',
  },
  'conversations.history': {
    accepted: ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
    needs: ['channels:history', 'groups:history'],
    why: 'reads a message pinned with the reaction in a public or private incident channel',
  },
  'conversations.replies': {
    accepted: ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
    needs: ['channels:history', 'groups:history'],
    why: 'reads a pinned reply in a thread',
  },
  // files.getUploadURLExternal and files.completeUploadExternal, both files:write.
  'files.uploadV2': {
    accepted: ['files:write'],
    needs: ['files:write'],
    why: 'uploads the postmortem draft',
  },
  'pins.add': { accepted: ['pins:write'], needs: ['pins:write'], why: 'pins the incident card' },
  'users.info': {
    accepted: ['users:read'],
    needs: ['users:read'],
    why: 'checks a mentioned person and names people in the draft',
  },
  'views.open': { accepted: [], needs: [], why: 'opens the declare, update, status and close forms' },
  'views.publish': { accepted: [], needs: [], why: 'publishes App Home' },
};

/** The scope each subscribed bot event needs (docs.slack.dev, the event's page). */
const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  reaction_added: ['reactions:read'],
  reaction_removed: ['reactions:read'],
};

/** Slash commands and shortcuts need `commands`. */
const FEATURE_SCOPES = { commands: 'the /incident slash command and the message shortcut' };

/** Bolt's message listener hears channel messages: public (message.channels) and private (message.groups) incident channels. */
const subscriptionsFor = (event: string): string[] =>
  event === 'message' ? ['message.channels', 'message.groups'] : [event];

// Limits from Slack's manifest schema (slackapi/manifest-schema, v1); strict objects catch misspelt keys.
const url = z
  .string()
  .regex(/^https:\/\//)
  .max(3000);
const manifestSchema = z.strictObject({
  _metadata: z.strictObject({ major_version: z.literal(1), minor_version: z.number().int() }),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().min(1).max(140),
    background_color: z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/),
    long_description: z.string().min(175).max(4000),
  }),
  features: z.strictObject({
    app_home: z.strictObject({
      home_tab_enabled: z.boolean(),
      messages_tab_enabled: z.boolean(),
      messages_tab_read_only_enabled: z.boolean(),
    }),
    bot_user: z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean() }),
    slash_commands: z
      .array(
        z.strictObject({
          command: z.string().min(2).max(32).regex(/^\//),
          url,
          description: z.string().min(1).max(2000),
          usage_hint: z.string().min(1).max(1000),
          should_escape: z.boolean(),
        }),
      )
      .min(1)
      .max(50),
    shortcuts: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(24),
          type: z.enum(['message', 'global']),
          callback_id: z.string().min(1).max(255),
          description: z.string().min(1).max(150),
        }),
      )
      .min(1)
      .max(10),
  }),
  oauth_config: z.strictObject({ scopes: z.strictObject({ bot: z.array(z.string().max(50)).max(255) }) }),
  settings: z.strictObject({
    event_subscriptions: z.strictObject({
      request_url: url,
      bot_events: z.array(z.string().max(50)).max(100),
    }),
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: url }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

const manifest = manifestSchema.parse(parse(readFileSync('manifest.yml', 'utf8')));

/** What the handlers register with Bolt, recorded by a stand-in app; an unknown kind of listener fails loudly. */
function registrations() {
  const found = {
    commands: [] as string[],
    shortcuts: [] as string[],
    events: [] as string[],
    actions: 0,
    views: 0,
  };
  const name = (kind: string, value: unknown): string => {
    if (typeof value !== 'string')
      throw new Error(`${kind} registered with a pattern; the manifest check needs plain names`);
    return value;
  };
  const recorder: Record<string, (first?: unknown) => void> = {
    use: () => undefined,
    error: () => undefined,
    command: (first) => found.commands.push(name('command', first)),
    shortcut: (first) => found.shortcuts.push(name('shortcut', first)),
    event: (first) => found.events.push(...(first instanceof ExactIds ? first.list : [name('event', first)])),
    message: () => found.events.push('message'),
    action: () => void (found.actions += 1),
    view: () => void (found.views += 1),
  };
  const app = new Proxy(recorder, {
    get: (target, key: string) =>
      target[key] ??
      (() => {
        throw new Error(`app.${key}() is not known to the manifest test: add it`);
      }),
  });
  registerHandlers(app as unknown as App, {} as AppDeps);
  return found;
}

const SOURCE_DIRS = ['src', 'handlers', 'jobs', 'models'];
// The local workspace and the demo drive Slack from the other side: their calls are not the bot's.
const NOT_THE_BOT = [join('src', 'local-slack'), join('src', 'demo')];

/**
 * Every Web API method called anywhere in the bot's code: `<anything>.<namespace>.<method>(`, kept when
 * it is one of WebClient's API methods (bound to `apiCall`, or `filesUploadV2`), whatever the receiver is named.
 */
function webApiMethodsInSource(): Map<string, string[]> {
  const client = new WebClient() as unknown as Record<string, Record<string, unknown> | undefined>;
  const isApiMethod = (ns: string, method: string) => {
    const fn = client[ns]?.[method];
    return typeof fn === 'function' && /^bound (apiCall|filesUploadV2)$/.test(fn.name);
  };
  const methods = new Map<string, string[]>();
  for (const dir of SOURCE_DIRS) {
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const path = join(dir, file);
      if (!path.endsWith('.ts') || NOT_THE_BOT.some((prefix) => path.startsWith(prefix))) continue;
      const code = readFileSync(path, 'utf8').replace(/\s+/g, '');
      const calls = [
        ...[...code.matchAll(/\.([a-z]+)\.([a-zA-Z0-9]+)\(/g)].filter(([, ns, method]) =>
          isApiMethod(ns!, method!),
        ),
        ...[...code.matchAll(/apiCall\(['"`]([a-z]+)\.([\w.]+)['"`]/g)],
      ].map(([, ns, method]) => `${ns}.${method}`);
      for (const method of calls) methods.set(method, [...(methods.get(method) ?? []), path]);
    }
  }
  return methods;
}

describe('manifest.yml', () => {
  const declaredScopes = manifest.oauth_config.scopes.bot;
  const botEvents = manifest.settings.event_subscriptions.bot_events;

  it('maps every Web API method the bot calls to the scopes it needs, and the manifest declares them', () => {
    const used = webApiMethodsInSource();
    // The scan sees the calls it must see (it is not silently finding nothing).
    expect([...used.keys()]).toEqual(
      expect.arrayContaining(['chat.postMessage', 'files.uploadV2', 'auth.test', 'conversations.open']),
    );
    const unmapped = [...used.keys()].filter((method) => !METHOD_SCOPES[method]);
    expect(
      unmapped,
      `add these methods and their scopes (docs.slack.dev) to METHOD_SCOPES: ${unmapped.map((m) => `${m} in ${used.get(m)!.join(', ')}`).join('; ')}`,
    ).toEqual([]);
    const stale = Object.keys(METHOD_SCOPES).filter((method) => !used.has(method));
    expect(stale, 'METHOD_SCOPES lists methods the code no longer calls').toEqual([]);
    for (const [method, { accepted, needs }] of Object.entries(METHOD_SCOPES)) {
      expect(accepted, `${method}: a needed scope Slack does not accept for it`).toEqual(
        expect.arrayContaining(needs),
      );
      const missing = needs.filter((scope) => !declaredScopes.includes(scope));
      expect(missing, `${method} needs scopes the manifest does not declare`).toEqual([]);
    }
  });

  it('declares no scope that no method, event or feature needs', () => {
    const reasons = new Map<string, string[]>();
    const because = (scope: string, reason: string) =>
      reasons.set(scope, [...(reasons.get(scope) ?? []), reason]);
    for (const [method, { needs, why }] of Object.entries(METHOD_SCOPES))
      needs.forEach((scope) => because(scope, `${method}: ${why}`));
    for (const event of botEvents)
      (EVENT_SCOPES[event] ?? []).forEach((scope) => because(scope, `the ${event} event`));
    for (const [scope, why] of Object.entries(FEATURE_SCOPES)) because(scope, why);
    const unexplained = declaredScopes.filter((scope) => !reasons.has(scope));
    expect(
      unexplained,
      'scopes without a reason: remove them, or add the method or event that needs them',
    ).toEqual([]);
    expect([...reasons.keys()].filter((scope) => !declaredScopes.includes(scope))).toEqual([]);
    expect(new Set(declaredScopes).size).toBe(declaredScopes.length);
  });

  it('subscribes to every event the bot listens to, with the scopes they need, and to nothing else', () => {
    const { events } = registrations();
    expect(events).toEqual(expect.arrayContaining(['reaction_added', 'app_home_opened', 'message']));
    const needed = new Set(events.flatMap(subscriptionsFor));
    expect(new Set(botEvents)).toEqual(needed);
    for (const event of botEvents) {
      expect(EVENT_SCOPES[event], `EVENT_SCOPES has no entry for ${event}`).toBeDefined();
      expect(declaredScopes).toEqual(expect.arrayContaining(EVENT_SCOPES[event]!));
    }
  });

  it('declares every registered slash command and shortcut, with interactivity for buttons, forms and shortcuts', () => {
    const { commands, shortcuts, actions, views } = registrations();
    expect(manifest.features.slash_commands.map((command) => command.command).sort()).toEqual(
      [...new Set(commands)].sort(),
    );
    expect(manifest.features.shortcuts.map((shortcut) => shortcut.callback_id).sort()).toEqual(
      [...new Set(shortcuts)].sort(),
    );
    const addToTimeline = manifest.features.shortcuts.find(
      (shortcut) => shortcut.callback_id === SHORTCUT_IDS.addToTimeline,
    )!;
    expect(addToTimeline).toMatchObject({ type: 'message', name: 'Add to incident timeline' });
    expect(actions + views + shortcuts.length).toBeGreaterThan(0);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toContain('commands');

    const incident = manifest.features.slash_commands.find((command) => command.command === '/incident')!;
    // Mentions reach the bot as <@U…> only when Slack escapes them.
    expect(incident.should_escape).toBe(true);
    for (const subcommand of subcommands)
      expect(incident.usage_hint, `usage_hint lacks ${subcommand.name}`).toMatch(
        new RegExp(`\\b${subcommand.name}\\b`),
      );
  });

  it('points every request URL at the bot’s events path over HTTPS, in HTTP mode, for one workspace', () => {
    const urls = [
      ...manifest.features.slash_commands.map((command) => command.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const requestUrl of urls) {
      expect(new URL(requestUrl).protocol).toBe('https:');
      expect(new URL(requestUrl).pathname).toBe(SLACK_EVENTS_PATH);
    }
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.org_deploy_enabled).toBe(false);
  });

  it('stays within Slack’s limits', () => {
    // The schema above enforces them; these are the ones people trip over when renaming.
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    for (const command of manifest.features.slash_commands)
      expect(command.command.length).toBeLessThanOrEqual(32);
    for (const shortcut of manifest.features.shortcuts) expect(shortcut.name.length).toBeLessThanOrEqual(24);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
  });
});

import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { renderHelp } from '../../src/blocks/help.js';
import { toMrkdwn, truncateMrkdwn } from '../../src/slack-text/index.js';
import { timeZoneOf } from '../../src/slack/users.js';
import { turnOf } from '../../src/keyed-order.js';
import type { Reply } from '../../src/blocks/reply.js';
import { parseArguments, splitSubcommand } from '../../src/commands/arguments.js';
import { UsageError } from '../../src/errors.js';
import type { CommandOutcome } from '../../src/metrics.js';
import { depsOf, type ListenerContext } from '../context.js';
import { errorOutcome, replyForError } from '../error-replies.js';
import { subcommands } from './registry.js';
import type { CommandRequest, Subcommand } from './subcommand.js';

const commandPayload = z.object({
  text: z.string().max(40_000, 'The command is too long (over 40,000 characters).').default(''),
  user_id: z.string().regex(/^[UW][A-Z0-9]+$/),
  channel_id: z.string().regex(/^[CDG][A-Z0-9]+$/),
  team_id: z.string().min(1),
  trigger_id: z.string().min(1),
  response_url: z.url(),
});

// A clock time or a calendar date: worth reading again in the typist's own time zone.
const MENTIONS_TIME = /\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}/;

/** Finds a subcommand by name or alias. */
export function findSubcommand(registry: readonly Subcommand[], name: string): Subcommand | undefined {
  return registry.find((subcommand) => subcommand.name === name || subcommand.aliases.includes(name));
}

function ephemeral(reply: Reply) {
  return {
    response_type: 'ephemeral' as const,
    text: reply.text,
    ...(reply.blocks ? { blocks: reply.blocks } : {}),
  };
}

/** What the `/incident` listener is called with. */
export type CommandListenerArgs = Pick<SlackCommandMiddlewareArgs, 'command' | 'ack' | 'respond'> &
  ListenerContext;

/**
 * Serves `/incident`: validates the payload, finds the subcommand, parses its arguments before the ack
 * (so usage errors come back at once and nothing is recorded), acknowledges, then runs the work and
 * answers through `response_url`. Every error ends in one reply, built in one place, and every
 * command in one count of `incident_commands_total`.
 */
export async function incidentCommand({
  command,
  ack,
  respond,
  context,
}: CommandListenerArgs): Promise<void> {
  const deps = depsOf(context);
  const count = (subcommand: string, outcome: CommandOutcome) =>
    deps.metrics.commands.inc({ subcommand, outcome });
  const parsed = commandPayload.safeParse(command);
  if (!parsed.success) {
    const tooLong = parsed.error.issues.find((issue) => issue.path[0] === 'text');
    count('unknown', tooLong ? 'usage_error' : 'error');
    await ack(ephemeral({ text: tooLong?.message ?? 'This request could not be read.' }));
    return;
  }
  const payload = parsed.data;
  const request: CommandRequest = {
    userId: payload.user_id,
    channelId: payload.channel_id,
    teamId: payload.team_id,
    triggerId: payload.trigger_id,
    commandText: `/incident ${payload.text}`.trim(),
    receivedAt: new Date(),
    ...(turnOf(command) ? { turn: turnOf(command) } : {}),
  };

  const { name, rest } = splitSubcommand(payload.text);
  const subcommand = findSubcommand(subcommands, name || 'help');
  if (!subcommand) {
    count('unknown', 'usage_error');
    const known = renderHelp(subcommands);
    await ack(ephemeral({ ...known, text: `Unknown subcommand \`${truncateMrkdwn(toMrkdwn(name), 50)}\`.\n${known.text}` }));
    return;
  }

  let prepared;
  try {
    prepared = subcommand.prepare(parseArguments(rest, subcommand.flags, request.receivedAt), request);
  } catch (error) {
    count(subcommand.name, errorOutcome(error));
    const reply =
      error instanceof UsageError
        ? replyForError(new UsageError(error.message, error.usage ?? subcommand.usage), request, deps.logger)
        : replyForError(error, request, deps.logger);
    await ack(ephemeral(reply));
    return;
  }
  if (prepared.kind === 'ack') {
    count(subcommand.name, 'ok');
    await ack(ephemeral(prepared.reply));
    return;
  }

  await ack();
  let replies: Reply | Reply[] | void;
  try {
    // Times without a zone are the typist's own: parsed again, after the ack, once their zone is known.
    if (MENTIONS_TIME.test(rest)) {
      request.zone = await timeZoneOf(deps.slack, request.userId).catch(() => undefined);
      if (request.zone) {
        prepared = subcommand.prepare(parseArguments(rest, subcommand.flags, request.receivedAt, request.zone), request);
        if (prepared.kind === 'ack') throw new Error(`${subcommand.name} answered in the ack the second time`);
      }
    }
    replies = await prepared.run({ request, deps });
    count(subcommand.name, 'ok');
  } catch (error) {
    count(subcommand.name, errorOutcome(error));
    replies = replyForError(error, request, deps.logger);
  }
  for (const reply of [replies ?? []].flat()) {
    await respond(ephemeral(reply)).catch((error: unknown) =>
      deps.logger.warn({ err: error, channelId: request.channelId }, 'could not answer through response_url'),
    );
  }
}

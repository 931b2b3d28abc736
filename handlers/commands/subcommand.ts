import type { Incident } from '../../models/incident.js';
import type { StagedTurn } from '../../src/keyed-order.js';
import type { AppDeps } from '../../src/app-deps.js';
import type { Reply } from '../../src/blocks/reply.js';
import type { CommandArguments, FlagName } from '../../src/commands/arguments.js';
import { NotInIncidentChannelError, UsageError } from '../../src/errors.js';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import type { Actor } from '../../src/services/timeline.js';
import { textTooLong } from '../../src/text-limits.js';

/** Who ran a command, where, and how to answer them. */
export interface CommandRequest {
  userId: string;
  channelId: string;
  teamId: string;
  triggerId: string;
  /** The whole text after `/incident`, as typed. */
  commandText: string;
  /** When the command arrived; `--at` and "now" are read against it. */
  receivedAt: Date;
  /** The typist's own time zone (their Slack profile), once known: times without a zone are read in it. */
  zone?: string;
  /** Its place in its channel's line (see `src/app.ts`). */
  turn?: StagedTurn;
}

/** What a subcommand's `run` receives once the command is acknowledged. */
export interface SubcommandContext<A> {
  args: A;
  request: CommandRequest;
  deps: AppDeps;
}

/** The context of a subcommand that works on the incident of the channel it was run in. */
export interface IncidentSubcommandContext<A> extends SubcommandContext<A> {
  incident: Incident;
}

/** The declaration of one `/incident` subcommand: its help, its arguments and its work. */
export interface SubcommandDefinition<A> {
  name: string;
  aliases?: readonly string[];
  /** Usage line without `/incident`, e.g. `update <text> [--next 45m]`. */
  usage: string;
  /** One sentence for `/incident help`. */
  help: string;
  /** Options taken out of the text wherever they stand. */
  flags?: readonly FlagName[];
  /** Turns the parsed text into this subcommand's arguments; throws UsageError. Runs before the ack. */
  parse: (input: CommandArguments, request: CommandRequest) => A;
  /** The work, after the ack; returned replies are shown to the person who ran the command. */
  run: (context: SubcommandContext<A>) => Promise<Reply | Reply[] | void>;
  /** A pure, instant reply sent in the ack itself instead of running after it. */
  answerInAck?: (args: A, request: CommandRequest) => Reply;
}

/** A registered subcommand with its argument type erased, as the router sees it. */
export interface Subcommand {
  name: string;
  aliases: readonly string[];
  usage: string;
  help: string;
  flags: readonly FlagName[];
  /** Parses the arguments (throws UsageError) and returns what to do with them. */
  prepare(input: CommandArguments, request: CommandRequest): PreparedCommand;
}

export type PreparedCommand =
  | { kind: 'ack'; reply: Reply }
  | { kind: 'run'; run: (context: Omit<SubcommandContext<unknown>, 'args'>) => Promise<Reply | Reply[] | void> };

/** Declares a subcommand; the registry holds the result. */
export function defineSubcommand<A>(definition: SubcommandDefinition<A>): Subcommand {
  return {
    name: definition.name,
    aliases: definition.aliases ?? [],
    usage: definition.usage,
    help: definition.help,
    flags: definition.flags ?? [],
    prepare(input, request) {
      const args = definition.parse(input, request);
      const { answerInAck } = definition;
      if (answerInAck) return { kind: 'ack', reply: answerInAck(args, request) };
      return { kind: 'run', run: (context) => definition.run({ ...context, args }) };
    },
  };
}

/** The incident of the channel a command was run in, read now; a channel without one gets a reply saying so. */
export async function incidentOfChannel(request: CommandRequest, deps: AppDeps, command: string): Promise<Incident> {
  const incident = await findIncidentByChannel(request.channelId);
  if (!incident) throw new NotInIncidentChannelError(command);
  deps.recentIncidents.remember(incident);
  return incident;
}

/**
 * Declares a subcommand that needs an incident channel: the incident is loaded after the ack, and a
 * channel without one gets a reply saying so.
 */
export function defineIncidentSubcommand<A>(
  definition: Omit<SubcommandDefinition<A>, 'run'> & {
    run: (context: IncidentSubcommandContext<A>) => Promise<Reply | Reply[] | void>;
  },
): Subcommand {
  return defineSubcommand({
    ...definition,
    run: async (context) => definition.run({ ...context, incident: await incidentOfChannel(context.request, context.deps, definition.name) }),
  });
}

/** Who ran the command and when; `at` is when the fact happened (`--at`), when it was earlier. */
export function actorOf(request: CommandRequest, at?: Date): Actor {
  return { userId: request.userId, now: request.receivedAt, ...(at ? { occurredAt: at } : {}) };
}

/** The free text of a command, required and within the length limit. */
export function requireText(input: CommandArguments, what: string): string {
  if (!input.text) throw new UsageError(`Say ${what}.`);
  const tooLong = textTooLong(input.text);
  if (tooLong) throw new UsageError(tooLong);
  return input.text;
}

/** `parse` for subcommands that take no arguments (extra words are ignored). */
export const noArguments = (): void => undefined;

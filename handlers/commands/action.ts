import {
  addRemediationItem,
  completeRemediationItem,
  setRemediationDue,
  setRemediationOwner,
} from '../../src/flows/action-items.js';
import { UsageError } from '../../src/errors.js';
import { resolveDue, type DueArgument, parseDueArgument } from '../../src/time/time-argument.js';
import type { CommandRequest } from './subcommand.js';
import { defineIncidentSubcommand, requireText } from './subcommand.js';

type ActionArgs =
  | { kind: 'done'; number: number; at?: Date }
  | { kind: 'add'; text: string; owner?: string; due?: DueArgument; at?: Date }
  | { kind: 'due'; number: number; due: DueArgument }
  | { kind: 'owner'; number: number; owner: string };

const TRAILING_MENTION = /\s+(<@[UW][A-Z0-9]+(?:\|[^>]*)?>|@[\w.-]+)$/;
const MENTION = /^(<@[UW][A-Z0-9]+(?:\|[^>]*)?>|@[\w.-]+)$/;

// Before the ack the typist's zone is not known yet: a day is checked against the last place on Earth where it
// is still that day, so a due date of today is never refused early; after the ack it is read in their zone.
const LATEST_ZONE = 'Etc/GMT+12';

/** The instant a due date stands for, refused when it has passed already. */
function dueAt(due: DueArgument, from: Date, request: CommandRequest): Date {
  const instant = resolveDue(due, from, request.zone);
  const check = due.kind === 'on' && !request.zone ? resolveDue(due, from, LATEST_ZONE) : instant;
  if (check.getTime() <= request.receivedAt.getTime()) {
    throw new UsageError('That due date has passed already: give one to come, such as `3d`, `2w` or a day such as `2026-12-15`.');
  }
  return instant;
}


/**
 * `/incident action <text> [@owner] [--due <when>] [--at TIME]`, `action done <n> [--at TIME]`,
 * `action due <n> <when>` and `action owner <n> @person`: remediation items, their owners and due dates.
 */
export const action = defineIncidentSubcommand({
  name: 'action',
  aliases: ['todo'],
  usage: 'action <text> [@owner] [--due 2w|2026-12-15]  ·  action done <n>  ·  action due <n> <when>  ·  action owner <n> @person',
  help:
    'Adds a remediation item (Planned), with an optional owner and due date (`--due 3d`, `--due 2026-12-15`); when it falls due, ' +
    'its owner (else the commander) is reminded by direct message until it is done, also after close. ' +
    '`action done 2` marks item 2 Done (`--at` when it was); `action due 2 1w` and `action owner 2 @bob` change it.',
  flags: ['due', 'at'],
  parse: (input, request): ActionArgs => {
    const { due, at } = input.flags;
    const done = /^done\b\s*(.*)$/i.exec(input.text);
    if (done) {
      if (due) throw new UsageError('`--due` is for new items: `action due 2 1w` changes the due date of item 2.');
      if (!/^\d+$/.test(done[1]!)) throw new UsageError('Say which item is done, by its number: `action done 2`.');
      return { kind: 'done', number: Number(done[1]), ...(at ? { at } : {}) };
    }
    const change = /^(due|owner)\s+(\d+)\s+(\S+)$/i.exec(input.text);
    if (change) {
      if (due || at) throw new UsageError('`--due` and `--at` are for new items and `action done`.');
      const number = Number(change[2]);
      if (change[1]!.toLowerCase() === 'owner') {
        if (!MENTION.test(change[3]!)) throw new UsageError('Say who owns it now, with a mention: `action owner 2 @bob`.');
        return { kind: 'owner', number, owner: change[3]! };
      }
      const parsed = parseDueArgument(change[3]!);
      if (!parsed.ok) throw new UsageError(`${parsed.problem}.`);
      dueAt(parsed.due, request.receivedAt, request);
      return { kind: 'due', number, due: parsed.due };
    }
    if (/^(due|owner)\s+\d+\s*$/i.test(input.text)) {
      throw new UsageError('Say the item and the change: `action due 2 1w`, `action owner 2 @bob`.');
    }
    const text = requireText(input, 'what needs doing, e.g. `/incident action Alert on expiring secrets @bob --due 2w`');
    const owner = TRAILING_MENTION.exec(text)?.[1];
    if (due) dueAt(due, at ?? request.receivedAt, request);
    return {
      kind: 'add',
      text: owner ? text.slice(0, -owner.length).trim() : text,
      ...(owner ? { owner } : {}),
      ...(due ? { due } : {}),
      ...(at ? { at } : {}),
    };
  },
  run: async ({ args, incident, request, deps }) => {
    const actor = { userId: request.userId, now: request.receivedAt };
    switch (args.kind) {
      case 'done':
        return completeRemediationItem(deps, incident, args.number, { ...actor, now: args.at ?? request.receivedAt });
      case 'due':
        return setRemediationDue(deps, incident, args.number, dueAt(args.due, request.receivedAt, request), actor);
      case 'owner':
        return setRemediationOwner(deps, incident, args.number, { mention: args.owner }, actor);
      case 'add': {
        const now = args.at ?? request.receivedAt;
        const due = args.due ? dueAt(args.due, now, request) : undefined;
        return addRemediationItem(deps, incident, { text: args.text, ownerMention: args.owner, ...(due ? { dueAt: due } : {}) }, { ...actor, now });
      }
    }
  },
});

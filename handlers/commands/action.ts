import { addRemediationItem, completeRemediationItem } from '../../src/flows/action-items.js';
import { UsageError } from '../../src/errors.js';
import { defineIncidentSubcommand, requireText } from './subcommand.js';

type ActionArgs = { kind: 'done'; number: number } | { kind: 'add'; text: string; owner?: string };

const TRAILING_MENTION = /\s+(<@[UW][A-Z0-9]+(?:\|[^>]*)?>|@[\w.-]+)$/;

/** `/incident action <text> [@owner]` and `/incident action done <n>`: remediation items. */
export const action = defineIncidentSubcommand({
  name: 'action',
  aliases: ['todo'],
  usage: 'action <text> [@owner]  ·  action done <n>',
  help: 'Adds a remediation item (Planned), with an optional owner; `action done 2` marks item 2 Done.',
  parse: (input): ActionArgs => {
    const done = /^done\b\s*(.*)$/i.exec(input.text);
    if (done) {
      if (!/^\d+$/.test(done[1]!)) throw new UsageError('Say which item is done, by its number: `action done 2`.');
      return { kind: 'done', number: Number(done[1]) };
    }
    const text = requireText(input, 'what needs doing, e.g. `/incident action Alert on expiring secrets @bob`');
    const owner = TRAILING_MENTION.exec(text)?.[1];
    return { kind: 'add', text: owner ? text.slice(0, -owner.length).trim() : text, owner };
  },
  run: async ({ args, incident, request, deps }) => {
    const actor = { userId: request.userId, now: request.receivedAt };
    if (args.kind === 'done') return completeRemediationItem(deps, incident, args.number, actor);
    return addRemediationItem(deps, incident, { text: args.text, ownerMention: args.owner }, actor);
  },
});

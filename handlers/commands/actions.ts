import { renderItemList } from '../../src/blocks/action-items.js';
import { UsageError } from '../../src/errors.js';
import { listOpenActionItems } from '../../src/services/action-items.js';
import { toMrkdwn, truncateMrkdwn } from '../../src/slack-text/index.js';
import { defineSubcommand } from './subcommand.js';

/** `/incident actions [mine|all]`: open remediation items across incidents, the soonest due first, only to you. */
export const actions = defineSubcommand({
  name: 'actions',
  aliases: ['todos'],
  usage: 'actions [mine|all]',
  help: 'Lists open remediation items across incidents, closed ones included, the soonest due first (only to you): yours (owned, or unowned in incidents you command), or `all`.',
  parse: (input): 'mine' | 'all' => {
    const word = input.text.trim().toLowerCase();
    if (word === '' || word === 'mine') return 'mine';
    if (word === 'all') return 'all';
    throw new UsageError(`\`${truncateMrkdwn(toMrkdwn(input.text), 50)}\`: say \`mine\` (the default) or \`all\`.`);
  },
  run: async ({ args, request }) =>
    renderItemList(await listOpenActionItems(request.teamId, args === 'mine' ? request.userId : undefined), args, request.receivedAt),
});

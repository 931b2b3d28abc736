import { renderHelp } from '../../src/blocks/help.js';
import { defineSubcommand, noArguments, type Subcommand } from './subcommand.js';

/** `/incident help`: the usage of every subcommand, generated from the registry it is given. */
export function help(registry: () => readonly Subcommand[]): Subcommand {
  return defineSubcommand({
    name: 'help',
    aliases: ['?'],
    usage: 'help',
    help: 'Shows this list.',
    parse: noArguments,
    answerInAck: () => renderHelp(registry()),
    run: async () => undefined,
  });
}

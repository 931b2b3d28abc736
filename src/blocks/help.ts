import type { Reply } from './reply.js';
import { sections } from './reply.js';

/** One line of the help: how a subcommand is typed and what it does. */
export interface HelpEntry {
  usage: string;
  help: string;
  aliases: readonly string[];
}

/** The `/incident help` reply, generated from the subcommand registry. */
export function renderHelp(entries: readonly HelpEntry[]): Reply {
  const lines = entries.map((entry) => {
    const aliases = entry.aliases.length > 0 ? ` _(also ${entry.aliases.map((a) => `\`${a}\``).join(', ')})_` : '';
    return `\`/incident ${entry.usage}\`${aliases}\n${entry.help}`;
  });
  const footer =
    'TIME is ISO 8601 (`2024-09-11T01:20Z`) or `HH:MM` in UTC, optionally followed by a zone (`14:05 Europe/Paris`). ' +
    'Durations look like `90s`, `30m`, `1h30m`. Options may stand anywhere in the text.';
  const text = `*Incident Timeline — commands*\n\n${lines.join('\n\n')}\n\n${footer}`;
  return {
    text: `Incident Timeline commands: ${entries.map((entry) => entry.usage.split(' ')[0]).join(', ')}`,
    blocks: sections(text),
  };
}

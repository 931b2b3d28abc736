import { DateTime } from 'luxon';

/** One line of what people in the workspace saw, in the order they saw it. */
export interface TranscriptLine {
  at: Date;
  /** Where it appeared: `#channel`, or `DM → name`. */
  where: string;
  author: string;
  text: string;
  /** `typed`: a command only its author sees; `private`: a reply only one person sees. */
  kind: 'message' | 'typed' | 'private';
}

/** Names for the ids Slack writes into messages. */
export interface Names {
  user(id: string): string;
  channel(id: string): string;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** Turns Slack mrkdwn into what a reader sees: mentions as `@name`, dates as their fallback, links as labels. */
export function readMrkdwn(text: string, names: Names): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `@${names.user(id)}`)
    .replace(/<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `#${names.channel(id)}`)
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<!(channel|here|everyone)>/g, '@$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:[^>]+)>/g, '$1')
    // Bold and italics show as emphasis in Slack, not as the marks typed.
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,])/gm, '$1$2')
    .replace(/&(?:amp|lt|gt);/g, (entity) => ENTITIES[entity]!)
    // Invisible marks that keep words such as `@here` from being read as mentions.
    .replace(/[\u200b\u2060]/g, '');
}

type Block = {
  type?: string;
  text?: { text?: string };
  fields?: Array<{ text?: string }>;
  elements?: Array<{ type?: string; text?: string | { text?: string }; placeholder?: { text?: string } }>;
};

/** The text of one block as it reads on screen; buttons as `[Label]`, menus as `[Placeholder ▾]`. */
function blockText(block: Block): string {
  switch (block.type) {
    case 'header':
    case 'section':
      return [block.text?.text, ...(block.fields ?? []).map((field) => field.text?.replace('\n', ': '))]
        .filter(Boolean)
        .join('\n');
    case 'context':
      return (block.elements ?? []).map((element) => (typeof element.text === 'string' ? element.text : '')).join(' ');
    case 'actions':
      return (block.elements ?? [])
        .map((element) =>
          typeof element.text === 'object' ? `[${element.text.text}]` : element.placeholder?.text ? `[${element.placeholder.text} ▾]` : '',
        )
        .join(' ');
    default:
      return '';
  }
}

/** A posted message as a person reads it: its blocks when it has any, else its text. */
export function readMessage(message: { text?: unknown; blocks?: unknown }, names: Names): string {
  const blocks = Array.isArray(message.blocks) ? (message.blocks as Block[]) : [];
  const text = blocks.length > 0 ? blocks.map(blockText).filter(Boolean).join('\n') : String(message.text ?? '');
  return readMrkdwn(text, names).trim();
}

const AUTHOR_WIDTH = 18;

/** Formats a line for the terminal: time (UTC), author, text; continuation lines indented under the text. */
export function formatLine(line: TranscriptLine): string {
  const time = DateTime.fromJSDate(line.at, { zone: 'UTC' }).toFormat('HH:mm:ss');
  const author = line.author.length > AUTHOR_WIDTH ? `${line.author.slice(0, AUTHOR_WIDTH - 1)}…` : line.author;
  const marker = line.kind === 'typed' ? '▸ ' : line.kind === 'private' ? '(only they see) ' : '';
  const indent = ' '.repeat(8 + 2 + AUTHOR_WIDTH + 2);
  const [first = '', ...rest] = line.text.split('\n');
  return [`${time}  ${author.padEnd(AUTHOR_WIDTH)}  ${marker}${first}`, ...rest.map((part) => `${indent}${part}`)].join('\n');
}

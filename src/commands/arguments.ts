import { SEVERITIES, type Severity } from '../config.js';
import { UsageError } from '../errors.js';
import { toMrkdwn } from '../slack-text/index.js';
import { AUDIENCES, type Audience } from '../services/postmortem/render-postmortem.js';
import { parseDuration } from '../time/duration.js';
import { looksLikeZone, parseDueArgument, parseTimeArgument, type DueArgument } from '../time/time-argument.js';

/** Every option a subcommand may accept, with the value it takes. */
export const FLAG_KINDS = {
  next: 'duration',
  at: 'time',
  internal: 'boolean',
  sev: 'severity',
  here: 'boolean',
  for: 'audience',
  due: 'due',
} as const;

export type FlagName = keyof typeof FLAG_KINDS;

export interface Flags {
  next?: number;
  at?: Date;
  internal?: boolean;
  sev?: Severity;
  here?: boolean;
  for?: Audience;
  /** A due date as typed, resolved by the subcommand against the item's own time and the typist's zone. */
  due?: DueArgument;
}

/** A subcommand's arguments: free text with the options taken out, and the options parsed. */
export interface CommandArguments {
  text: string;
  flags: Flags;
}

interface Token {
  value: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(/\S+/g)].map((match) => ({
    value: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

// Slack clients (and macOS) turn a typed `--` into an em or en dash.
const FLAG_PREFIX = /^(?:--|\u2014|\u2013)([a-z][a-z-]*)$/i;

/** Splits the subcommand name from the rest of the command text. */
export function splitSubcommand(text: string): { name: string; rest: string } {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return { name: match?.[1]?.toLowerCase() ?? '', rest: match?.[2] ?? '' };
}

/**
 * Takes the allowed options out of the text, wherever they stand, and parses their values.
 * `--` ends the options. A known option this subcommand does not take is a usage error;
 * other words starting with `--` are left in the text. A bare `--at HH:MM` is in `typistZone`
 * (the person's IANA zone from their Slack profile; UTC when unknown).
 */
export function parseArguments(
  text: string,
  allowed: readonly FlagName[],
  now: Date,
  typistZone?: string,
): CommandArguments {
  const tokens = tokenize(text);
  const flags: Flags = {};
  const cut: Array<[number, number]> = [];

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.value === '--') {
      cut.push([token.start, token.end]);
      break;
    }
    const name = FLAG_PREFIX.exec(token.value)?.[1]?.toLowerCase();
    if (!name || !(name in FLAG_KINDS)) continue;
    const flag = name as FlagName;
    if (!allowed.includes(flag)) throw new UsageError(`\`--${flag}\` is not an option of this command.`);
    if (flags[flag] !== undefined) throw new UsageError(`\`--${flag}\` is given twice.`);

    const kind = FLAG_KINDS[flag];
    let end = token.end;
    if (kind === 'boolean') {
      (flags as Record<string, unknown>)[flag] = true;
    } else {
      const value = tokens[index + 1];
      if (!value || FLAG_PREFIX.test(value.value)) throw new UsageError(`\`--${flag}\` needs a value.`);
      index += 1;
      end = value.end;
      if (kind === 'duration') {
        const millis = parseDuration(value.value);
        if (millis === undefined) {
          throw new UsageError(`\`--${flag} ${value.value}\`: write a duration such as 45m, 1h or 1h30m.`);
        }
        flags.next = millis;
      } else if (kind === 'severity') {
        flags.sev = parseSeverity(value.value);
      } else if (kind === 'audience') {
        flags.for = parseAudience(value.value);
      } else if (kind === 'due') {
        const parsed = parseDueArgument(value.value);
        if (!parsed.ok) throw new UsageError(`\`--${flag}\`: ${parsed.problem}.`);
        flags.due = parsed.due;
      } else {
        const zone = tokens[index + 1];
        const withZone = zone && /^\d{1,2}:\d{2}$/.test(value.value) && looksLikeZone(zone.value);
        const timeText = withZone ? `${value.value} ${zone.value}` : value.value;
        if (withZone) {
          index += 1;
          end = zone.end;
        }
        const parsed = parseTimeArgument(timeText, now, typistZone);
        if (!parsed.ok) throw new UsageError(`\`--${flag}\`: ${parsed.problem}.`);
        flags.at = parsed.date;
      }
    }
    cut.push([token.start, end]);
  }

  let remaining = '';
  let position = 0;
  for (const [start, end] of cut) {
    remaining += text.slice(position, start);
    position = end;
  }
  remaining += text.slice(position);
  return { text: remaining.replace(/[ \t]{2,}/g, ' ').trim(), flags };
}

/** Reads the reader a postmortem draft is for: `customers`, `internal` or `executives`. */
export function parseAudience(word: string): Audience {
  const audience = AUDIENCES.find((candidate) => candidate === word.toLowerCase());
  if (!audience) throw new UsageError(`\`--for ${toMrkdwn(word)}\`: a draft is for customers, internal or executives.`);
  return audience;
}

/** Reads `1`…`4` (also `sev1`, `SEV-2`) as a severity. */
export function parseSeverity(word: string): Severity {
  const value = Number(/^(?:sev-?)?([1-4])$/i.exec(word.trim())?.[1]);
  if (!SEVERITIES.includes(value as Severity)) {
    throw new UsageError(`\`${word}\` is not a severity: use 1 (most severe) to 4.`);
  }
  return value as Severity;
}

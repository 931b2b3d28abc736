import { readFile } from 'node:fs/promises';
import { DateTime, IANAZone } from 'luxon';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { subcommands } from '../../handlers/commands/registry.js';
import { findSubcommand } from '../../handlers/commands/router.js';
import { parseArguments, splitSubcommand } from '../commands/arguments.js';
import { LOCALES } from '../config.js';
import { UsageError } from '../errors.js';
import { parseDuration } from '../time/duration.js';

const NAME = /^[a-z][a-z0-9._-]{0,20}$/;

const duration = z.string().refine((text) => parseDuration(text) !== undefined, {
  message: 'expected a duration such as 90s, 30m or 1h30m',
});

const person = z.strictObject({
  name: z.string().regex(NAME, 'expected a lowercase Slack handle such as alice'),
  realName: z.string().min(1).max(80),
  tz: z.string().refine((zone) => IANAZone.isValidZone(zone), { message: 'expected an IANA time zone such as Europe/Paris' }),
});

const closeForm = z.strictObject({
  cause: z.string().min(1),
  resolution: z.string().min(1),
  impact: z.string().optional(),
  /** New remediation items, one per entry. */
  actions: z.array(z.string().min(1)).default([]),
  /** Numbers of the remediation items to tick as done. */
  done: z.array(z.number().int().min(1)).default([]),
  /** The remark printed after the remediation items. */
  remark: z.string().min(1).optional(),
});

const ACTIONS = ['run', 'say', 'wait', 'close'] as const;

const step = z
  .strictObject({
    /** Who acts (a name from `people`). */
    as: z.string().optional(),
    /** An `/incident` command, as typed after `/incident`. */
    run: z.string().min(1).optional(),
    /** A message a person writes in the incident channel. */
    say: z.string().min(1).optional(),
    /** Someone who then reacts to that message with the timeline reaction. */
    pinnedBy: z.string().optional(),
    /** Waits until the bot posts the reminder, pings the managers, or reminds someone of a remediation item by DM. */
    wait: z.enum(['reminder', 'escalation', 'followup']).optional(),
    /** How long the wait may take at most. */
    timeout: duration.optional(),
    /** Closes through the close form, filled in with these values. */
    close: closeForm.optional(),
    /** The channel to act in: `general`, or the incident channel when omitted. */
    in: z.enum(['general', 'incident']).optional(),
  })
  .superRefine((value, ctx) => {
    const actions = ACTIONS.filter((action) => value[action] !== undefined);
    if (actions.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `a step does exactly one of ${ACTIONS.join(', ')}${actions.length ? ` (this one has ${actions.join(' and ')})` : ''}`,
      });
      return;
    }
    if (actions[0] !== 'wait' && value.as === undefined) {
      ctx.addIssue({ code: 'custom', path: ['as'], message: `who does it? add \`as: <name>\`` });
    }
    if (value.pinnedBy !== undefined && value.say === undefined) {
      ctx.addIssue({ code: 'custom', path: ['pinnedBy'], message: 'only a `say` step can be pinned' });
    }
  });

const schema = z
  .strictObject({
    name: z.string().min(1).max(150),
    description: z.string().optional(),
    settings: z
      .strictObject({
        /** Cadence of update promises (the demo shortens it so reminders fire while you watch). */
        updateInterval: duration.default('8s'),
        escalationGrace: duration.default('4s'),
        /** How often an overdue remediation item is reminded about again (a week in real life). */
        actionReminderInterval: duration.default('1w'),
        /** People pinged by DM on escalation. */
        managers: z.array(z.string()).default([]),
        secondaryTimezone: z
          .string()
          .refine((zone) => IANAZone.isValidZone(zone), { message: 'expected an IANA time zone such as America/Los_Angeles' })
          .default('America/Los_Angeles'),
        /** The draft's second language, beside English. */
        draftLocale: z.enum(LOCALES).default('fr'),
      })
      .prefault({}),
    people: z.array(person).min(1),
    steps: z.array(step).min(1),
  })
  .superRefine((scenario, ctx) => {
    const names = new Set(scenario.people.map((p) => p.name));
    const known = [...names].join(', ');
    const check = (name: string | undefined, path: (string | number)[]) => {
      if (name !== undefined && !names.has(name)) {
        ctx.addIssue({ code: 'custom', path, message: `unknown person "${name}" (people: ${known})` });
      }
    };
    scenario.settings.managers.forEach((name, i) => check(name, ['settings', 'managers', i]));
    scenario.steps.forEach((s, i) => {
      check(s.as, ['steps', i, 'as']);
      check(s.pinnedBy, ['steps', i, 'pinnedBy']);
      if (s.wait === 'escalation' && scenario.settings.managers.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'wait'], message: 'nobody to escalate to: list them in settings.managers' });
      }
    });
    scenario.people.forEach((p, i) => {
      if (scenario.people.findIndex((other) => other.name === p.name) !== i) {
        ctx.addIssue({ code: 'custom', path: ['people', i, 'name'], message: `"${p.name}" is listed twice` });
      }
    });
  });

/** A validated scenario: who takes part, the demo's settings and the steps to play. */
export type Scenario = z.output<typeof schema>;
/** One step of a scenario. */
export type ScenarioStep = Scenario['steps'][number];

/** A `{{…}}` in a step's text that is not a time this demo can fill in. */
class PlaceholderError extends Error {}

const PLACEHOLDER = /\{\{\s*now\s*(?:-\s*([0-9a-z]+)\s*)?\}\}/gi;

/**
 * Replaces `{{now}}` and `{{now-40m}}` with that UTC minute in ISO 8601 (`2026-11-23T09:12Z`), and `@name`
 * of a person in the scenario with a mention, as Slack escapes a slash command's text.
 */
export function expandText(text: string, scenario: Scenario, now: Date): string {
  const names = new Set(scenario.people.map((person) => person.name));
  return text
    .replace(PLACEHOLDER, (placeholder, ago: string | undefined) => {
      const millis = ago === undefined ? 0 : parseDuration(ago);
      if (millis === undefined) throw new PlaceholderError(`${placeholder}: expected {{now}} or {{now-<duration>}}`);
      return DateTime.fromMillis(now.getTime() - millis, { zone: 'UTC' }).toFormat("yyyy-LL-dd'T'HH:mm'Z'");
    })
    .replace(/(^|[\s(])@([a-z][a-z0-9._-]*)/g, (whole, before: string, name: string) =>
      names.has(name) ? `${before}<@${userIdOf(name)}|${name}>` : whole,
    );
}

/**
 * Why the bot would refuse a `run` step, read with the bot's own registry and parser, so a typo in a
 * drill is reported with its line before anything starts; undefined when it would be accepted.
 */
function commandProblem(step: ScenarioStep, scenario: Scenario, now: Date): string | undefined {
  try {
    const text = expandText(step.run!, scenario, now);
    const { name, rest } = splitSubcommand(text);
    const subcommand = findSubcommand(subcommands, name);
    if (!subcommand) return `unknown subcommand "${name}" (see /incident help)`;
    if (subcommand.name === 'close') return 'closing takes a form: use a `close:` step with cause and resolution';
    subcommand.prepare(parseArguments(rest, subcommand.flags, now), {
      userId: userIdOf(step.as ?? 'nobody'),
      channelId: 'C0SCENARIO',
      teamId: 'T0SCENARIO',
      triggerId: 'scenario-check',
      commandText: `/incident ${text}`,
      receivedAt: now,
    });
    return undefined;
  } catch (error) {
    if (error instanceof UsageError || error instanceof PlaceholderError) return error.message.replace(/`/g, '');
    throw error;
  }
}

/** A scenario file that cannot be played, with one `file:line:column: problem` line per problem. */
export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** The line and column of the YAML node at `path`, or of its closest parent that exists. */
function positionOf(doc: Document, lines: LineCounter, path: PropertyKey[]): { line: number; col: number } {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

/** Parses scenario text; problems name the file, line and column, as an editor would. */
export function parseScenario(text: string, file: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((error) => {
        const at = error.linePos?.[0] ?? { line: 1, col: 1 };
        return `${file}:${at.line}:${at.col}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
      }),
    );
  }
  const result = schema.safeParse(doc.toJS());
  const issues: Array<{ path: PropertyKey[]; message: string }> = result.error?.issues ?? [];
  if (result.success) {
    const now = new Date();
    result.data.steps.forEach((step, i) => {
      const problem = step.run === undefined ? undefined : commandProblem(step, result.data, now);
      if (problem) issues.push({ path: ['steps', i, 'run'], message: problem });
    });
    if (issues.length === 0) return result.data;
  }
  throw new ScenarioError(
    issues.map((issue) => {
      const at = positionOf(doc, lines, issue.path);
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return `${file}:${at.line}:${at.col}: ${where}${issue.message}`;
    }),
  );
}

/** Reads and parses a scenario file. */
export async function loadScenario(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ScenarioError([`${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  return parseScenario(text, path);
}

/** The Slack user id a scenario gives a person (`alice` → `U0ALICE`). */
export function userIdOf(name: string): string {
  return `U0${name.replace(/[^a-z0-9]/gi, '').toUpperCase()}`;
}

/** The bot's configuration for a scenario: its cadences, managers, second zone; drafts default to English. */
export function botEnvironment(scenario: Scenario): Record<string, string> {
  return {
    UPDATE_INTERVAL: scenario.settings.updateInterval,
    ESCALATION_GRACE: scenario.settings.escalationGrace,
    ACTION_REMINDER_INTERVAL: scenario.settings.actionReminderInterval,
    MANAGER_USER_IDS: scenario.settings.managers.map(userIdOf).join(','),
    SECONDARY_TIMEZONE: scenario.settings.secondaryTimezone,
    POSTMORTEM_LOCALE: 'en',
  };
}

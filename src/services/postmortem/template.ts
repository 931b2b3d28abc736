import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { Locale } from '../../config.js';
import { CATALOGS, type Messages } from '../../i18n/catalog.js';
import type { StampForm, ZoneLabel } from '../../i18n/format.js';

// The catalogs know the locales without importing the configuration, which loads templates itself.
const LOCALES = Object.keys(CATALOGS) as Locale[];

export const TIMELINE_ORDERS = ['oldest-first', 'newest-first'] as const;
export const STAMP_FORMS = ['full', 'time'] as const satisfies readonly StampForm[];
export const ZONE_LABELS = ['abbreviation', 'generic', 'long'] as const satisfies readonly ZoneLabel[];
export type HeadingKey = keyof Messages['headings'];
export const HEADING_KEYS = Object.keys(CATALOGS.en.headings) as HeadingKey[];
export const STATE_KEYS = ['done', 'planned'] as const;
export type StateKey = (typeof STATE_KEYS)[number];

/** A team's house style for its drafts; every part is optional in the file and defaults to the standard layout. */
export interface PostmortemTemplate {
  timelineOrder: (typeof TIMELINE_ORDERS)[number];
  /** `full`: date and time on both sides of the stamp; `time`: `06:19 UTC | 22:19 PT`. */
  stamp: StampForm;
  zoneLabel: ZoneLabel;
  /** Headings that replace the catalog's, per locale. */
  headings: Partial<Record<Locale, Partial<Record<HeadingKey, string>>>>;
  /** Remediation states that replace the catalog's (without the square brackets), per locale. */
  states: Partial<Record<Locale, Partial<Record<StateKey, string>>>>;
  /** The closing "For more information" paragraph, per locale; the catalog's when a locale has none. */
  moreInfo: Partial<Record<Locale, string>>;
}

/** The standard layout: what a draft looks like without a template. */
export const DEFAULT_TEMPLATE: PostmortemTemplate = Object.freeze({
  timelineOrder: 'oldest-first',
  stamp: 'full',
  zoneLabel: 'abbreviation',
  headings: {},
  states: {},
  moreInfo: {},
});

const text = z.string({ error: 'expected a text' }).trim().min(1, 'must not be empty');
const oneLine = text.refine((value) => !/[\r\n]/.test(value), 'must fit on one line');
const choice = <T extends string>(values: readonly [T, ...T[]]) =>
  z.enum(values, {
    error: (issue) => `expected one of ${values.join(', ')}, got ${JSON.stringify(issue.input)}`,
  });
const perLocale = <T extends z.ZodType>(value: T) => z.partialRecord(z.enum(LOCALES), value).default({});

const schema = z
  .strictObject({
    timelineOrder: choice(TIMELINE_ORDERS).default(DEFAULT_TEMPLATE.timelineOrder),
    stamp: choice(STAMP_FORMS).default(DEFAULT_TEMPLATE.stamp),
    zoneLabel: choice(ZONE_LABELS).default(DEFAULT_TEMPLATE.zoneLabel),
    headings: perLocale(
      z.strictObject(Object.fromEntries(HEADING_KEYS.map((key) => [key, oneLine.optional()]))),
    ),
    states: perLocale(z.strictObject({ done: oneLine.optional(), planned: oneLine.optional() })),
    moreInfo: perLocale(text),
  })
  .nullable()
  .transform((template): PostmortemTemplate => template ?? { ...DEFAULT_TEMPLATE });

/** The keys allowed where a template has an unknown one, to name them in the problem. */
function allowedKeys(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return Object.keys(schema.in.unwrap().shape);
  if (path.length === 1) return LOCALES;
  return path[0] === 'headings' ? HEADING_KEYS : STATE_KEYS;
}

/** A template, or one `file:line:column: path: problem` line per problem. */
export type TemplateResult = { ok: true; template: PostmortemTemplate } | { ok: false; problems: string[] };

/** Parses and validates a template's YAML text; `file` names it in the problems. */
export function parsePostmortemTemplate(yamlText: string, file: string): TemplateResult {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const at = error.linePos?.[0] ?? { line: 1, col: 1 };
        const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return `${file}:${at.line}:${at.col}: not valid YAML: ${message}`;
      }),
    };
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { ok: true, template: result.data };
  const problems = result.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const expected = allowedKeys(issue.path).join(', ');
      return issue.keys.map((key) =>
        problem(doc, lines, file, [...issue.path, key], `unknown key (expected one of ${expected})`),
      );
    }
    const message =
      issue.code === 'invalid_type' && issue.path.length === 0
        ? 'expected a mapping of settings'
        : issue.message;
    return [problem(doc, lines, file, issue.path, message)];
  });
  return { ok: false, problems };
}

/** Reads and validates a template file. */
export function loadPostmortemTemplate(path: string): TemplateResult {
  let yamlText: string;
  try {
    yamlText = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return { ok: false, problems: [`${path}: cannot read it (${reason})`] };
  }
  return parsePostmortemTemplate(yamlText, path);
}

function problem(
  doc: Document,
  lines: LineCounter,
  file: string,
  path: PropertyKey[],
  message: string,
): string {
  const at = positionOf(doc, lines, path);
  const where = path.length > 0 ? `${path.map(String).join('.')}: ` : '';
  return `${file}:${at.line}:${at.col}: ${where}${message}`;
}

/** The line and column of the YAML node at `path`, or of its closest parent that exists. */
function positionOf(doc: Document, lines: LineCounter, path: PropertyKey[]): { line: number; col: number } {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

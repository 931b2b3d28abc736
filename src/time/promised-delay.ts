import { LOCALES, type Locale } from '../config.js';
import { PROMISE_WORDS, type Filler, type Lead, type PromiseWords, type Unit } from './promise-words.js';

/** The delay a public update promises for the next one, as its text says it. */
export interface PromisedDelay {
  ms: number;
  /** The words that made the promise, as typed ("in the next 30 minutes"). */
  phrase: string;
  locale: Locale;
}

/** Shortest and longest delay read as a promise; anything else is a misreading or not a next update. */
const MIN_MS = 60_000;
const MAX_MS = 24 * 3_600_000;

interface Token {
  /** Lower case without accents for words (what the tables are matched against); the text otherwise. */
  key: string;
  kind: 'word' | 'number' | 'break';
  start: number;
  end: number;
}

// Clock times (a word that matches nothing), numbers (1,5 and 1.5), words, and the punctuation that ends a
// clause; hyphens, commas, brackets and apostrophes only separate: "d’ici" is "d" then "ici".
const TOKEN = /(\d{1,2}:\d{2}(?::\d{2})?)|(\d+(?:[.,]\d+)?)|(\p{L}[\p{L}\p{M}]*)|([.!?;:\n…]+)/gu;

/** Lower case without accents, so "mise a jour" typed in a hurry matches "mise à jour". */
function fold(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss');
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    const end = start + match[0].length;
    if (match[4] !== undefined) {
      // "ca. 30 Min. wieder": a full stop followed by a lowercase word or a number abbreviates, it does not end.
      if (match[0] === '.' && /^\s+[\p{Ll}\d]/u.test(text.slice(end, end + 2))) continue;
      tokens.push({ key: match[0], kind: 'break', start, end });
    } else if (match[2] !== undefined) {
      tokens.push({ key: match[2].replace(',', '.'), kind: 'number', start, end });
    } else {
      tokens.push({ key: fold(match[0]), kind: 'word', start, end });
    }
  }
  return tokens;
}

/** A table of phrases (one or more words) matched against tokens, longest first. */
class Phrases<T> {
  private readonly forward = new Map<string, Array<{ keys: string[]; value: T }>>();
  private readonly backward = new Map<string, Array<{ keys: string[]; value: T }>>();

  constructor(entries: Iterable<[string, T]>) {
    for (const [phrase, value] of entries) {
      const keys = tokenize(phrase).map((token) => token.key);
      for (const [map, key] of [
        [this.forward, keys[0]!],
        [this.backward, keys[keys.length - 1]!],
      ] as const) {
        const list = map.get(key) ?? [];
        list.push({ keys, value });
        list.sort((a, b) => b.keys.length - a.keys.length);
        map.set(key, list);
      }
    }
  }

  static of(words: readonly string[]): Phrases<true> {
    return new Phrases(words.map((word) => [word, true] as [string, true]));
  }

  /** The longest phrase starting at token `i`, and the index after it. */
  at(tokens: readonly Token[], i: number): { value: T; end: number } | undefined {
    const candidates = this.forward.get(tokens[i]?.key ?? '');
    if (!candidates) return undefined;
    for (const { keys, value } of candidates) {
      if (matchesAt(tokens, i, keys)) return { value, end: i + keys.length };
    }
    return undefined;
  }

  /** The longest phrase ending at token `j` (inclusive), and the index where it starts. */
  endingAt(tokens: readonly Token[], j: number): { value: T; start: number } | undefined {
    const candidates = this.backward.get(tokens[j]?.key ?? '');
    if (!candidates) return undefined;
    for (const { keys, value } of candidates) {
      const start = j - keys.length + 1;
      if (start >= 0 && matchesAt(tokens, start, keys)) return { value, start };
    }
    return undefined;
  }
}

/** True when the tokens from `i` on read `keys`. A plain loop: this runs for every word of every update, in four languages. */
function matchesAt(tokens: readonly Token[], i: number, keys: readonly string[]): boolean {
  for (let k = 0; k < keys.length; k += 1) if (tokens[i + k]?.key !== keys[k]) return false;
  return true;
}

/** A locale's words, ready to match. */
class Grammar {
  readonly numbers: Phrases<number>;
  readonly units: Phrases<Unit>;
  readonly halves: Phrases<true>;
  readonly joiners: Phrases<true>;
  readonly leads: Phrases<Lead>;
  readonly fillers: Phrases<Filler>;
  readonly ranges: Phrases<true>;
  readonly fromNow: Phrases<true>;
  readonly relative: Phrases<true>;
  readonly cadences: Phrases<number>;
  readonly cues: Phrases<true>;
  readonly clauseBreaks: Phrases<true>;
  /** Every single word of the tables, to tell which language a text is in when two read the same promise. */
  readonly vocabulary: ReadonlySet<string>;

  constructor(words: PromiseWords) {
    this.numbers = new Phrases(Object.entries(words.numbers));
    this.units = new Phrases(Object.entries(words.units));
    this.halves = Phrases.of(words.halves);
    this.joiners = Phrases.of(words.joiners);
    this.leads = new Phrases(Object.entries(words.leads));
    this.fillers = new Phrases(Object.entries(words.fillers));
    this.ranges = Phrases.of(words.ranges);
    this.fromNow = Phrases.of(words.fromNow);
    this.relative = Phrases.of(words.relative);
    this.cadences = new Phrases(Object.entries(words.cadences));
    this.cues = Phrases.of(words.cues);
    this.clauseBreaks = Phrases.of(words.clauseBreaks);
    this.vocabulary = new Set(
      [words.cues, Object.keys(words.leads), Object.keys(words.fillers), Object.keys(words.units)]
        .flat()
        .flatMap((phrase) => tokenize(phrase).map((token) => token.key)),
    );
  }

  number(tokens: readonly Token[], i: number): { value: number; end: number } | undefined {
    const token = tokens[i];
    if (token?.kind === 'number') return { value: Number(token.key), end: i + 1 };
    return this.numbers.at(tokens, i);
  }

  isCue(tokens: readonly Token[], i: number): boolean {
    return this.cues.at(tokens, i) !== undefined;
  }
}

const GRAMMARS = LOCALES.map((locale) => ({ locale, grammar: new Grammar(PROMISE_WORDS[locale]) }));

/**
 * Any unit of time or one-word cadence of any language, anywhere in a text, accents or not (a one-letter unit
 * right after a number): no promise without one.
 */
const MENTIONS_UNIT = new RegExp(
  [
    ...new Set(
      LOCALES.flatMap((locale) => [...Object.keys(PROMISE_WORDS[locale].units), ...Object.keys(PROMISE_WORDS[locale].cadences)])
        .filter((word) => word.length > 1)
        .flatMap((word) => [word, fold(word)]),
    ),
  ]
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|') + '|\\d\\s*[mh](?!\\p{L})',
  'iu',
);

interface Duration {
  minutes: number;
  start: number;
  end: number;
  /** No number was written: "within the hour" (singular), "toutes les heures" (plural). */
  implicit?: 'singular' | 'plural';
  /** Written like a clock time ("14h", "10h"). */
  clockLike?: boolean;
  /** Between the number and the unit: "30 prochaines minutes". */
  filler?: Filler;
  /** A cadence in one word: "hourly". */
  cadence?: boolean;
}

/** A duration starting at token `i`: "30 minutes", "an hour and a half", "1h30", "les 60 prochaines minutes". */
function readDuration(tokens: readonly Token[], i: number, grammar: Grammar): Duration | undefined {
  const cadence = grammar.cadences.at(tokens, i);
  if (cadence) return { minutes: cadence.value, start: i, end: cadence.end, cadence: true };

  const quantity = grammar.number(tokens, i);
  let j = quantity?.end ?? i;
  // One adjective may stand between the number and the unit: "30 prochaines minutes", "30 more minutes".
  let filler = quantity ? grammar.fillers.at(tokens, j) : undefined;
  if (filler && grammar.units.at(tokens, filler.end)) j = filler.end;
  else filler = undefined;
  const unit = grammar.units.at(tokens, j);
  if (!unit) return undefined;

  let minutes = (quantity?.value ?? 1) * unit.value.minutes;
  j = unit.end;
  if (unit.value.minutes === 60) {
    const half = grammar.halves.at(tokens, j);
    const afterJoiner = grammar.joiners.at(tokens, j)?.end ?? j;
    const extra = grammar.number(tokens, afterJoiner);
    const extraUnit = extra && grammar.units.at(tokens, extra.end);
    if (half) {
      minutes += 30;
      j = half.end;
    } else if (extra && extraUnit?.value.minutes === 1) {
      minutes += extra.value;
      j = extraUnit.end;
    } else if (unit.value.clockLike && tokens[j]?.kind === 'number' && /^\d{2}$/.test(tokens[j]!.key)) {
      minutes += Number(tokens[j]!.key); // 1h30
      j += 1;
    }
  }
  return {
    minutes,
    start: i,
    end: j,
    implicit: quantity ? undefined : unit.value.singular ? 'singular' : 'plural',
    clockLike: unit.value.clockLike,
    filler: filler?.value,
  };
}

interface Reading {
  ms: number;
  start: number;
  end: number;
}

/** Whether the words around a duration make it a promise, and the promise's tokens [start, end). */
function readPromise(tokens: readonly Token[], duration: Duration, grammar: Grammar): Reading | undefined {
  const ms = duration.minutes * 60_000;
  if (ms < MIN_MS || ms > MAX_MS) return undefined;
  if (duration.cadence) {
    return hasCue(tokens, duration.start, duration.end, grammar)
      ? { ms, start: duration.start, end: duration.end }
      : undefined;
  }
  if (duration.clockLike && duration.minutes > 12 * 60) return undefined;

  const fromNow = grammar.fromNow.at(tokens, duration.end);
  if (fromNow && !duration.implicit) return { ms, start: duration.start, end: fromNow.end };
  if (grammar.relative.at(tokens, duration.end)) return undefined;

  const lead = readLead(tokens, duration.start, grammar);
  if (!lead || lead.filler === 'past' || duration.filler === 'past') return undefined;
  if (duration.implicit && lead.kind !== 'every' && (duration.implicit === 'plural' || lead.fillers === 0)) {
    return undefined;
  }
  // "d’ici 10h", "entro le 10h": by ten o'clock, not in ten hours.
  if (duration.clockLike && (lead.kind === 'by' || (lead.fillers > 0 && lead.filler !== 'next'))) {
    return undefined;
  }
  const forward =
    lead.kind === 'forward' || lead.kind === 'by' || lead.filler === 'next' || duration.filler === 'next';
  if (!forward && !hasCue(tokens, lead.start, duration.end, grammar)) return undefined;
  return { ms, start: lead.start, end: duration.end };
}

interface LeadReading {
  kind: Lead;
  start: number;
  fillers: number;
  /** The strongest filler seen: one "last" makes it past, else one "next" makes it forward. */
  filler?: Filler;
}

/** Walks back from a duration over fillers ("the next", "les") and ranges ("30 to") to the word that leads it. */
function readLead(
  tokens: readonly Token[],
  durationStart: number,
  grammar: Grammar,
): LeadReading | undefined {
  let j = durationStart - 1;
  let fillers = 0;
  let strongest: Filler | undefined;
  for (let steps = 0; j >= 0 && steps < 6; steps += 1) {
    const filler = grammar.fillers.endingAt(tokens, j);
    const rangeStart = grammar.ranges.endingAt(tokens, j)?.start;
    if (filler) {
      fillers += 1;
      if (strongest !== 'past' && filler.value !== 'neutral') strongest = filler.value;
      j = filler.start - 1;
    } else if (rangeStart !== undefined && isNumberEndingAt(tokens, rangeStart - 1, grammar)) {
      j = numberStart(tokens, rangeStart - 1, grammar) - 1;
    } else if (isNumberEndingAt(tokens, j, grammar)) {
      j = numberStart(tokens, j, grammar) - 1; // "30-45 minutes": the hyphen only separates
    } else {
      break;
    }
  }
  const lead = grammar.leads.endingAt(tokens, j);
  return lead && { kind: lead.value, start: lead.start, fillers, filler: strongest };
}

function isNumberEndingAt(tokens: readonly Token[], j: number, grammar: Grammar): boolean {
  return tokens[j]?.kind === 'number' || grammar.numbers.endingAt(tokens, j) !== undefined;
}

function numberStart(tokens: readonly Token[], j: number, grammar: Grammar): number {
  return tokens[j]?.kind === 'number' ? j : grammar.numbers.endingAt(tokens, j)!.start;
}

/** True when the clause around tokens [start, end) holds a cue ("update", "publierons", "melden"). */
function hasCue(tokens: readonly Token[], start: number, end: number, grammar: Grammar): boolean {
  // A colon right before the promise introduces it ("Next update: in 30 minutes"); elsewhere it ends a clause
  // ("Update: errors stopped within 30 minutes of the rollback").
  const endsClause = (k: number) =>
    (tokens[k]!.kind === 'break' && !(k === start - 1 && tokens[k]!.key === ':')) ||
    grammar.clauseBreaks.at(tokens, k) !== undefined;
  for (let k = start - 1; k >= 0 && !endsClause(k); k -= 1) if (grammar.isCue(tokens, k)) return true;
  for (let k = start; k < end; k += 1) if (grammar.isCue(tokens, k)) return true;
  for (let k = end; k < tokens.length && !endsClause(k); k += 1) if (grammar.isCue(tokens, k)) return true;
  return false;
}

/**
 * Reads the delay a public update promises for the next one, in English, French, German or Italian:
 * "we will provide another update in the next 30 minutes", "dans l’heure", "in den nächsten 20 Minuten",
 * "tra un’ora". A duration is a promise when a forward-looking word leads it ("in", "within", "dans",
 * "entro") and the phrase looks ahead by itself ("the next", "prochaines", "d’ici", "tra") or the clause
 * holds a cue ("update", "mise à jour", "informieren", "forniremo"). Durations that only say how
 * long something lasted ("for 60 minutes", "il y a 30 minutes", "seit 20 Minuten", "15 minuti fa") are not.
 * When the text promises several delays, the last one counts: updates promise the next in their closing words.
 * Reads plain text (not Slack's wire format); undefined when nothing between 1 minute and 24 hours is promised.
 */
export function readPromisedDelay(text: string): PromisedDelay | undefined {
  // Most updates name no unit of time: they are passed over without being read word by word.
  if (!MENTIONS_UNIT.test(text)) return undefined;
  const tokens = tokenize(text);
  const readings: Array<Reading & { locale: Locale; grammar: Grammar }> = [];
  for (const { locale, grammar } of GRAMMARS) {
    for (let i = 0; i < tokens.length; i += 1) {
      const duration = readDuration(tokens, i, grammar);
      if (!duration) continue;
      const reading = readPromise(tokens, duration, grammar);
      if (reading) readings.push({ ...reading, locale, grammar });
      i = duration.end - 1;
    }
  }
  if (readings.length === 0) return undefined;

  const lastEnd = Math.max(...readings.map((reading) => reading.end));
  const last = readings.filter((reading) => reading.end === lastEnd);
  const score = (grammar: Grammar) => tokens.filter((token) => grammar.vocabulary.has(token.key)).length;
  const best =
    last.length === 1 ? last[0]! : last.reduce((a, b) => (score(b.grammar) > score(a.grammar) ? b : a));
  return {
    ms: best.ms,
    phrase: text.slice(tokens[best.start]!.start, tokens[best.end - 1]!.end),
    locale: best.locale,
  };
}

import type { Locale } from '../config.js';

/** What the word just before a duration (after fillers) makes of it. */
export type Lead =
  /** "in", "within", "dans", "entro": a promise only with a forward-looking cue in the same clause. */
  | 'needs-cue'
  /** "tra", "fra": forward-looking by itself. */
  | 'forward'
  /** "d’ici": forward-looking by itself, but "d’ici 10h" means by ten o’clock, not in ten hours. */
  | 'by'
  /** "every", "toutes les", "alle": a cadence ("every hour" needs no number), with a cue nearby. */
  | 'every';

/** A word between the lead and the duration: neutral ("the"), forward ("next", "prochaines"), past ("last"). */
export type Filler = 'neutral' | 'next' | 'past';

export interface Unit {
  minutes: number;
  /** "hour" but not "hours": "within the hour" counts one. */
  singular?: true;
  /** "h" glued to a number is also how French and Italian write a clock time ("14h", "22h07"). */
  clockLike?: true;
}

/**
 * The words of one language that promise a delay. Phrases are written as people type them; they are
 * matched word by word, ignoring case, accents, hyphens and apostrophes ("d’ici" is the words d, ici).
 */
export interface PromiseWords {
  /** Numbers in words, the articles that count one ("an hour"), halves and quarters. */
  numbers: Record<string, number>;
  units: Record<string, Unit>;
  /** After hours: "and a half". */
  halves: string[];
  /** Between hours and minutes: "1 hour and 30 minutes". */
  joiners: string[];
  leads: Record<string, Lead>;
  fillers: Record<string, Filler>;
  /** Between the two numbers of a range: "in 30 to 45 minutes" promises 45. */
  ranges: string[];
  /** Right after the unit, forward-looking by themselves: "30 minutes from now". */
  fromNow: string[];
  /** Right after the unit, tying the duration to another moment: "ago", "of the deploy", "fa", "vor". */
  relative: string[];
  /** A cadence in one word: "hourly". */
  cadences: Record<string, number>;
  /**
   * Words about telling people more, which make "in 30 minutes" a promise when they stand in the same clause.
   * A bare future ("will", "wird", "sarà") is not one: "the team will join a call in 10 minutes" is no promise.
   */
  cues: string[];
  /** Words that end a clause, so a cue in the next clause does not count. */
  clauseBreaks: string[];
}

const minute: Unit = { minutes: 1, singular: true };
const minutes: Unit = { minutes: 1 };
const hour: Unit = { minutes: 60, singular: true };
const hours: Unit = { minutes: 60 };
const clockHours: Unit = { minutes: 60, clockLike: true };

// prettier-ignore
const ENGLISH: PromiseWords = {
  numbers: {
    a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
    eleven: 11, twelve: 12, fifteen: 15, twenty: 20, 'twenty-five': 25, thirty: 30, forty: 40, 'forty-five': 45,
    fifty: 50, sixty: 60, ninety: 90,
    'half an': 0.5, 'half a': 0.5, 'a half': 0.5, 'one and a half': 1.5, 'a quarter of an': 0.25,
  },
  units: { minute, minutes, min: minutes, mins: minutes, m: minutes, hour, hours, hr: hours, hrs: hours, h: clockHours },
  halves: ['and a half'],
  joiners: ['and'],
  leads: { in: 'needs-cue', within: 'needs-cue', every: 'every' },
  fillers: {
    the: 'neutral', more: 'neutral', about: 'neutral', approximately: 'neutral', approx: 'neutral',
    roughly: 'neutral', around: 'neutral', under: 'neutral', less: 'neutral', than: 'neutral', at: 'neutral',
    most: 'neutral', max: 'neutral',
    next: 'next', coming: 'next', following: 'next', another: 'next', further: 'next',
    last: 'past', past: 'past', previous: 'past', first: 'past',
  },
  ranges: ['to', 'or'],
  fromNow: ['from now'],
  relative: ['ago', 'earlier', 'before', 'after', 'of', 'since'],
  cadences: { hourly: 60, 'half-hourly': 30 },
  cues: [
    'update', 'updates', 'provide', 'post', 'share', 'publish', 'next', 'another', 'further', 'follow', 'report',
    'inform', 'notify', 'communicate', 'information', 'news', 'more', 'be back', 'get back', 'check back',
    'let you know',
  ],
  clauseBreaks: ['and', 'but', 'while', 'whereas', 'although'],
};

// prettier-ignore
const FRENCH: PromiseWords = {
  numbers: {
    un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11,
    douze: 12, quinze: 15, vingt: 20, 'vingt-cinq': 25, trente: 30, quarante: 40, 'quarante-cinq': 45,
    cinquante: 50, soixante: 60, 'quatre-vingt-dix': 90,
    'une demi': 0.5, demi: 0.5, 'un quart d’': 0.25,
  },
  units: { minute, minutes, min: minutes, mn: minutes, m: minutes, heure: hour, heures: hours, h: clockHours },
  halves: ['et demie', 'et demi'],
  joiners: ['et'],
  leads: { dans: 'needs-cue', sous: 'needs-cue', 'd’ici': 'by', toutes: 'every', chaque: 'every' },
  fillers: {
    les: 'neutral', la: 'neutral', le: 'neutral', 'l’': 'neutral', environ: 'neutral', moins: 'neutral',
    de: 'neutral', 'd’': 'neutral', maximum: 'neutral', max: 'neutral',
    prochaines: 'next', prochains: 'next', prochaine: 'next', prochain: 'next',
    dernières: 'past', derniers: 'past', dernière: 'past', dernier: 'past', premières: 'past', premiers: 'past',
  },
  ranges: ['à', 'ou'],
  fromNow: ['à partir de maintenant'],
  relative: ['plus tôt', 'auparavant', 'avant', 'après', 'suivant', 'depuis', 'de', 'd’', 'du'],
  cadences: {},
  cues: [
    'mise à jour', 'mises à jour', 'point', 'nouvelle', 'nouvelles', 'nouveau', 'nouvel', 'prochaine', 'prochain',
    'suivra', 'informations', 'informés', 'publier', 'publierons', 'fournir', 'fournirons', 'communiquer',
    'communiquerons', 'informer', 'informerons', 'revenir', 'reviendrons', 'tiendrons', 'partagerons', 'ferons',
    'donnerons',
  ],
  clauseBreaks: ['et', 'mais', 'alors que', 'tandis que'],
};

// prettier-ignore
const GERMAN: PromiseWords = {
  numbers: {
    ein: 1, eine: 1, einer: 1, einem: 1, einen: 1, zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7,
    acht: 8, neun: 9, zehn: 10, elf: 11, zwölf: 12, fünfzehn: 15, zwanzig: 20, fünfundzwanzig: 25, dreißig: 30,
    vierzig: 40, fünfundvierzig: 45, fünfzig: 50, sechzig: 60, neunzig: 90,
    'einer halben': 0.5, 'eine halbe': 0.5, halben: 0.5, halbe: 0.5, anderthalb: 1.5, eineinhalb: 1.5,
  },
  units: {
    minute, minuten: minutes, min: minutes, m: minutes, stunde: hour, stunden: hours, std: hours, h: clockHours,
    viertelstunde: { minutes: 15, singular: true }, dreiviertelstunde: { minutes: 45, singular: true },
  },
  halves: [],
  joiners: ['und'],
  leads: { in: 'needs-cue', innerhalb: 'needs-cue', binnen: 'needs-cue', alle: 'every', jede: 'every' },
  fillers: {
    den: 'neutral', der: 'neutral', die: 'neutral', dem: 'neutral', von: 'neutral', etwa: 'neutral',
    ca: 'neutral', circa: 'neutral', ungefähr: 'neutral', rund: 'neutral', spätestens: 'neutral',
    weniger: 'neutral', als: 'neutral', maximal: 'neutral', höchstens: 'neutral',
    nächsten: 'next', nächste: 'next', kommenden: 'next', folgenden: 'next', weiteren: 'next', weitere: 'next',
    letzten: 'past', vergangenen: 'past', ersten: 'past',
  },
  ranges: ['bis', 'oder'],
  fromNow: ['ab jetzt'],
  relative: ['vor', 'nach', 'zuvor', 'früher', 'seit'],
  cadences: { stündlich: 60, halbstündlich: 30 },
  cues: [
    'update', 'updates', 'statusupdate', 'aktualisierung', 'aktualisierungen', 'nächste', 'nächstes', 'nächster',
    'neue', 'neues', 'weitere', 'weiteres', 'informieren', 'melden', 'folgt', 'folgen', 'veröffentlichen',
    'berichten', 'informationen', 'rückmeldung', 'mitteilen', 'geben',
  ],
  clauseBreaks: ['und', 'aber', 'sondern', 'während'],
};

// prettier-ignore
const ITALIAN: PromiseWords = {
  numbers: {
    un: 1, uno: 1, una: 1, due: 2, tre: 3, quattro: 4, cinque: 5, sei: 6, sette: 7, otto: 8, nove: 9, dieci: 10,
    undici: 11, dodici: 12, quindici: 15, venti: 20, venticinque: 25, trenta: 30, quaranta: 40,
    quarantacinque: 45, cinquanta: 50, sessanta: 60, novanta: 90,
    'mezz’': 0.5, 'una mezz’': 0.5, mezza: 0.5, 'un quarto d’': 0.25,
  },
  units: { minuto: minute, minuti: minutes, min: minutes, m: minutes, ora: hour, ore: hours, h: clockHours },
  halves: ['e mezza', 'e mezzo'],
  joiners: ['e'],
  leads: {
    entro: 'needs-cue', in: 'needs-cue', nei: 'needs-cue', nelle: 'needs-cue', nella: 'needs-cue',
    negli: 'needs-cue', tra: 'forward', fra: 'forward', ogni: 'every',
  },
  fillers: {
    i: 'neutral', le: 'neutral', la: 'neutral', 'l’': 'neutral', gli: 'neutral', circa: 'neutral',
    meno: 'neutral', di: 'neutral', massimo: 'neutral', al: 'neutral',
    prossimi: 'next', prossime: 'next', prossima: 'next', prossimo: 'next', altri: 'next', altre: 'next',
    ultimi: 'past', ultime: 'past', ultima: 'past', ultimo: 'past', scorsi: 'past', scorse: 'past',
    primi: 'past', prime: 'past',
  },
  ranges: ['a', 'o', 'e'],
  fromNow: ['da adesso', 'da ora'],
  relative: ['fa', 'prima', 'dopo', 'dal', 'dalla', 'dall’', 'da', 'di'],
  cadences: {},
  cues: [
    'aggiornamento', 'aggiornamenti', 'prossimo', 'prossima', 'nuovo', 'nuova', 'ulteriore', 'ulteriori',
    'seguirà', 'informazioni', 'notizie', 'fornire', 'forniremo', 'comunicare', 'comunicheremo', 'pubblicare',
    'pubblicheremo', 'aggiornare', 'aggiorneremo', 'daremo', 'condivideremo', 'informeremo',
  ],
  clauseBreaks: ['e', 'ed', 'ma', 'mentre'],
};

/** The promise words of each language the bot drafts in. */
export const PROMISE_WORDS: Readonly<Record<Locale, PromiseWords>> = {
  en: ENGLISH,
  fr: FRENCH,
  de: GERMAN,
  it: ITALIAN,
};

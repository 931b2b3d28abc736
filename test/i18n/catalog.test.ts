import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/config.js';
import { CATALOGS, getMessages, type DayDate, type WindowWords } from '../../src/i18n/catalog.js';

const day = (text: string, n: number): DayDate => ({ text, day: n });
const window: WindowWords = {
  date: day('<date>', 15),
  start: '<start>',
  end: '<end>',
  endDate: day('<endDate>', 16),
  impact: '<impact>',
};

/** Sample arguments for every function in a catalog, and what its result must contain in every locale. */
const FUNCTIONS: Record<string, { args: unknown[]; contains: string[] }> = {
  fixDate: { args: ['15 <month> 2024', 15], contains: ['15 <month> 2024'] },
  typeset: { args: ['<house text>'], contains: ['<house text>'] },
  incidentLine: { args: [42, '<severity>', '<status>'], contains: ['42', '<severity>', '<status>'] },
  'summary.sameDay': { args: [window], contains: ['<date>', '<start> UTC', '<end> UTC', '<impact>.'] },
  'summary.twoDays': {
    args: [window],
    contains: ['<date>', '<start> UTC', '<end> UTC', '<endDate>', '<impact>.'],
  },
  'summary.since': { args: [window], contains: ['<date>', '<start> UTC', '<impact>.'] },
  labelValue: { args: ['<label>', '<value>'], contains: ['<label>', '<value>'] },
  'notes.open': { args: [day('<date>', 15), '<time>'], contains: ['<date>', '<time> UTC'] },
  'remediation.owner': { args: ['<name>'], contains: ['<name>'] },
  'figures.firstUpdateEarly': { args: ['<duration>', '<origin>'], contains: ['<duration>', '<origin>'] },
  'figures.resolvedEarly': { args: ['<duration>', '<origin>'], contains: ['<duration>', '<origin>'] },
  'figures.impactReversed': { args: ['<duration>'], contains: ['<duration>'] },
  'brief.openCount': { args: [3, 7], contains: ['3', '7'] },
  'brief.more': { args: [4], contains: ['4'] },
  'brief.ongoingSince': { args: ['<moment>'], contains: ['<moment>'] },
  'summaryMessage.header': { args: ['<title>'], contains: ['<title>'] },
  'summaryMessage.fallback': { args: ['<title>'], contains: ['<title>'] },
};

/** Every leaf of a catalog as [dotted path, value]. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object') return [[path, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
}

const englishLeaves = leaves(CATALOGS.en);

describe('message catalogs', () => {
  it('has a catalog for every configured locale', () => {
    expect(Object.keys(CATALOGS).sort()).toEqual([...LOCALES].sort());
    for (const locale of LOCALES) expect(getMessages(locale)).toBe(CATALOGS[locale]);
  });

  it('lists a sample for every function in the English catalog', () => {
    const functions = englishLeaves.filter(([, value]) => typeof value === 'function').map(([path]) => path);
    expect(functions.sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });

  describe.each(LOCALES)('%s', (locale) => {
    const catalog = CATALOGS[locale];
    const own = new Map(leaves(catalog));

    it.each(englishLeaves.map(([path]) => path))('has a non-empty %s', (path) => {
      expect(own.has(path), `${locale} lacks ${path}`).toBe(true);
      const value = own.get(path);
      expect(typeof value).toBe(typeof englishLeaves.find(([p]) => p === path)![1]);
      if (path === 'durationUnits.joiner') {
        expect(value).toMatch(/^[ \u00a0]$/);
      } else if (typeof value === 'string') {
        expect(value.trim(), `${locale} ${path} is empty`).not.toBe('');
      } else if (typeof value === 'function') {
        const sample = FUNCTIONS[path]!;
        const result: unknown = value(...sample.args);
        expect(typeof result).toBe('string');
        for (const fragment of sample.contains) expect(result).toContain(fragment);
      }
    });

    it('has no key the English catalog lacks', () => {
      const english = new Set(englishLeaves.map(([path]) => path));
      expect([...own.keys()].filter((path) => !english.has(path))).toEqual([]);
    });

    it('writes remediation states without the square brackets the draft puts around them', () => {
      expect(catalog.remediation.done).toMatch(/^[^[\]\s].*[^[\]\s]$/);
      expect(catalog.remediation.planned).toMatch(/^[^[\]\s].*[^[\]\s]$/);
    });

    it('has a heading for every key a template may override', () => {
      expect(Object.keys(catalog.headings).sort()).toEqual(
        [
          'summary',
          'timeline',
          'rootCause',
          'resolution',
          'remediation',
          'remark',
          'moreInfo',
          'keyFigures',
          'appendix',
        ].sort(),
      );
    });
  });

  it('uses the agreed remediation states', () => {
    expect(
      LOCALES.map((locale) => [CATALOGS[locale].remediation.done, CATALOGS[locale].remediation.planned]),
    ).toEqual([
      ['Done', 'Planned'],
      ['Terminé', 'Prévu'],
      ['Erledigt', 'Geplant'],
      ['Completato', 'Pianificato'],
    ]);
  });

  it('sets French fixed text with a narrow no-break space before : ; ! ? and never an ordinary one', () => {
    const sample = (value: unknown, path: string) =>
      typeof value === 'function' ? String(value(...FUNCTIONS[path]!.args)) : String(value);
    const french = leaves(CATALOGS.fr).map(([path, value]) => sample(value, path));
    expect(french.filter((text) => /[ \u00a0][:;!?]/.test(text))).toEqual([]);
    expect(french.filter((text) => /\u202f[:;!?]/.test(text)).length).toBeGreaterThan(10);
  });

  it('applies French typography to house text from a template, leaving URLs and times alone', () => {
    expect(CATALOGS.fr.typeset('Statut : voir https://status.example.com ; merci ! Des questions ?')).toBe(
      'Statut\u202f: voir https://status.example.com\u202f; merci\u202f! Des questions\u202f?',
    );
    expect(CATALOGS.fr.typeset('Mise à jour de 10:20 pour « Sell », incident n° 3')).toBe(
      'Mise à jour de 10:20 pour «\u202fSell\u202f», incident n°\u00a03',
    );
    expect(CATALOGS.en.typeset('Status : see https://status.example.com')).toBe(
      'Status : see https://status.example.com',
    );
  });

  it('uses the reviewed French and Italian wording', () => {
    expect(CATALOGS.fr.status.investigating).toBe('Enquête en cours');
    expect(CATALOGS.fr.status.monitoring).toBe('Sous surveillance');
    expect(CATALOGS.it.appendix.internalOnly).toBe(
      'Tutto ciò che segue questa riga è per uso interno: rimuoverlo prima della pubblicazione.',
    );
  });

  it('elides the Italian article before 8 and 11 and writes the first of the month as an ordinal', () => {
    const { summary, fixDate } = CATALOGS.it;
    const words = (n: number, m = n): WindowWords => ({
      ...window,
      date: day(`${n} marzo 2024`, n),
      endDate: day(`${m} marzo 2024`, m),
    });
    expect(summary.sameDay(words(8))).toMatch(/^L’8 marzo 2024, dalle/);
    expect(summary.sameDay(words(11))).toMatch(/^L’11 marzo 2024, dalle/);
    expect(summary.sameDay(words(12))).toMatch(/^Il 12 marzo 2024, dalle/);
    expect(summary.twoDays(words(10, 11))).toContain('alle <end> UTC dell’11 marzo 2024, ');
    expect(summary.since(words(8))).toMatch(/^Dall’8 marzo 2024 alle/);
    expect(fixDate('1 marzo 2024', 1)).toBe('1º marzo 2024');
    expect(CATALOGS.fr.fixDate('1 mars 2024', 1)).toBe('1er mars 2024');
    expect(CATALOGS.fr.fixDate('11 mars 2024', 11)).toBe('11 mars 2024');
  });
});

import { describe, expect, it } from 'vitest';
import { fromPlainText } from '../../../src/slack-text/index.js';
import { LOCALES, type Locale } from '../../../src/config.js';
import type { PostmortemEntry, PostmortemIncident } from '../../../src/services/postmortem/key-figures.js';
import {
  renderPostmortem,
  type DraftEntry,
  type RenderOptions,
} from '../../../src/services/postmortem/render-postmortem.js';
import { createSampleTimeline } from '../../../src/services/postmortem/sample-timeline.js';
import type { PostmortemTemplate } from '../../../src/services/postmortem/template.js';
import {
  at,
  chatTriggersIncident,
  contextPanelIncident,
  entry,
  incident,
  outboundEmailIncident,
  telephonyOutageIncident,
} from './fixtures.js';

const PACIFIC = 'America/Los_Angeles';
const options = (locale: Locale, extra: Partial<RenderOptions> = {}): RenderOptions => ({
  locale,
  secondaryTimezone: PACIFIC,
  ...extra,
});

/** The body of a `## heading` section, up to the next heading of that level or the internal divider. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  expect(start, `no section "${heading}"`).toBeGreaterThanOrEqual(0);
  const body = markdown.slice(start + heading.length + 5);
  const end = body.search(/\n(## |---\n)/);
  return (end === -1 ? body : body.slice(0, end)).trim();
}

/** Asserts that each fragment occurs, after the previous one. */
function expectInOrder(markdown: string, fragments: string[]): void {
  let from = 0;
  for (const fragment of fragments) {
    const index = markdown.indexOf(fragment, from);
    expect(index, `"${fragment}" missing or out of order`).toBeGreaterThanOrEqual(0);
    from = index + fragment.length;
  }
}

/** The headings of each locale, in the order of the internal draft, with the rule and the internal-only line. */
const HEADINGS: Record<Locale, string[]> = {
  en: [
    'Summary',
    'Timeline',
    'Root cause analysis',
    'Resolution',
    'Remediation items',
    'For more information',
    '---',
    '_Everything below this line is for internal use: remove it before publishing._',
    'Key figures',
    'Internal appendix',
  ],
  fr: [
    'Résumé',
    'Chronologie',
    'Analyse de la cause profonde',
    'Résolution',
    'Actions correctives',
    'Pour en savoir plus',
    '---',
    '_Tout ce qui suit cette ligne est à usage interne\u202f: supprimez-le avant publication._',
    'Chiffres clés',
    'Annexe interne',
  ],
  de: [
    'Zusammenfassung',
    'Zeitlicher Ablauf',
    'Ursachenanalyse',
    'Behebung',
    'Korrekturmaßnahmen',
    'Weitere Informationen',
    '---',
    '_Alles unterhalb dieser Linie ist nur für den internen Gebrauch bestimmt: vor der Veröffentlichung entfernen._',
    'Kennzahlen',
    'Interner Anhang',
  ],
  it: [
    'Riepilogo',
    'Cronologia',
    'Analisi della causa principale',
    'Risoluzione',
    'Azioni correttive',
    'Per maggiori informazioni',
    '---',
    '_Tutto ciò che segue questa riga è per uso interno: rimuoverlo prima della pubblicazione._',
    'Dati principali',
    'Appendice interna',
  ],
};

/** The headings, rule and internal-only line as whole lines, in order. */
const headingsInOrder = (locale: Locale): string[] =>
  HEADINGS[locale].map((line, i) => (i === 6 || i === 7 ? `\n${line}\n` : `\n## ${line}\n`));

describe('renderPostmortem: the Italian example (chat triggers, 31 January 2024)', () => {
  const { incident: chat, entries } = chatTriggersIncident();
  const { markdown, figures } = renderPostmortem(
    chat,
    entries,
    options('it', { names: { U01RELENG: 'Giulia Rossi' } }),
  );

  it('opens with the title and puts the incident line below the internal rule', () => {
    expect(markdown.startsWith('# Errori dei trigger di Chat su più pod\n\n## Riepilogo\n')).toBe(true);
    expectInOrder(markdown, [
      '\n---\n',
      '_Tutto ciò che segue questa riga è per uso interno: rimuoverlo prima della pubblicazione._\n\n' +
        'Incidente n. 17 · SEV2 (grave) · Risolto\n\n## Dati principali\n',
    ]);
  });

  it('writes the impact window as the published summary does', () => {
    expect(section(markdown, 'Riepilogo')).toBe(
      'Il 31 gennaio 2024, dalle 03:52 UTC alle 06:52 UTC, i clienti Zendesk Chat su più pod potrebbero riscontrare ' +
        'errori con i trigger di Chat che influiscono su funzionalità come l’indirizzamento delle chat, l’impostazione ' +
        'dei reparti e i messaggi offline.',
    );
  });

  it('stamps each public update in UTC and Pacific time, in order (06:19 UTC on the 31st is 22:19 PST on the 30th)', () => {
    const timeline = section(markdown, 'Cronologia');
    expect(timeline.match(/^### .*$/gm)).toEqual([
      '### 31 gennaio 2024 06:19 UTC | 30 gennaio 2024 22:19 PST',
      '### 31 gennaio 2024 07:53 UTC | 30 gennaio 2024 23:53 PST',
      '### 31 gennaio 2024 09:17 UTC | 31 gennaio 2024 01:17 PST',
    ]);
    expectInOrder(timeline, [
      '06:19 UTC',
      '**Indagine in corso** – Stiamo esaminando un problema che riguarda la creazione, l’aggiornamento e l’esecuzione ' +
        'dei trigger di Chat su più pod.',
      '07:53 UTC',
      '**Monitoraggio** – Abbiamo risolto il problema con i trigger di Chat su tutti i pod',
      '09:17 UTC',
      '**Risolto** – La soluzione implementata ha risolto tutti i problemi con i trigger di Chat in tutti i pod. ' +
        'Considereremo ora questo incidente come concluso. Grazie per la pazienza dimostrata.',
    ]);
    expect(timeline).not.toContain('Errori 401'); // the internal note stays out
  });

  it('has its sections in order, the publishable ones before the internal divider', () => {
    expectInOrder(markdown, headingsInOrder('it'));
  });

  it('copies cause and resolution as typed', () => {
    expect(section(markdown, 'Analisi della causa principale')).toBe(chat.cause);
    expect(section(markdown, 'Risoluzione')).toBe(chat.resolution);
  });

  it('lists every remediation item as planned, with its owner', () => {
    expect(section(markdown, 'Azioni correttive').split('\n')).toEqual([
      '- Aggiorna il processo di distribuzione con tempi di attesa più lunghi negli ambienti di pre-produzione ' +
        '(responsabile: Giulia Rossi) [Pianificato]',
      '- Implementazione di avvisi aggiuntivi [Pianificato]',
      '- Meccanismo di analisi per i riavvii paralleli degli host [Pianificato]',
      '- Aggiorna runbook interni (responsabile: U02DOCS) [Pianificato]',
    ]);
  });

  it('names no owner in the customers’ text: the same items, without who does them', () => {
    const customers = renderPostmortem(chat, entries, options('it', { names: { U01RELENG: 'Giulia Rossi' }, audience: 'customers' })).markdown;
    expect(section(customers, 'Azioni correttive').split('\n')).toEqual([
      '- Aggiorna il processo di distribuzione con tempi di attesa più lunghi negli ambienti di pre-produzione [Pianificato]',
      '- Implementazione di avvisi aggiuntivi [Pianificato]',
      '- Meccanismo di analisi per i riavvii paralleli degli host [Pianificato]',
      '- Aggiorna runbook interni [Pianificato]',
    ]);
    expect(customers).not.toContain('Giulia Rossi');
  });

  it('reports the key figures worked out by hand, in Italian', () => {
    expect(figures.impactMs).toBe(3 * 3_600_000);
    expect(section(markdown, 'Dati principali').split('\n')).toEqual([
      '- **Durata dell’impatto**: 3 h',
      '- **Tempo dall’inizio dell’impatto al primo aggiornamento pubblico**: 2 h 27 min',
      '- **Tempo di risoluzione (dall’inizio dell’impatto)**: 5 h 25 min',
      '- **Aggiornamenti pubblici**: 3',
      '- **Impegni di aggiornamento rispettati / non rispettati**: 1 / 1',
      '- **Silenzio più lungo tra due aggiornamenti pubblici**: 1 h 34 min (31 gennaio 2024 06:19 UTC → 07:53 UTC)',
      '- **Azioni correttive completate in tempo / in ritardo / ancora aperte**: 0 / 0 / 4',
    ]);
  });

  it('keeps every internal entry in the appendix, in order, with its UTC time and kind', () => {
    expect(section(markdown, 'Appendice interna').split('\n')).toEqual([
      '- 31 gennaio 2024 04:31 UTC · **Ruolo** → responsabile dell’incidente: U03IC · U03IC',
      '- 31 gennaio 2024 05:40 UTC · **Nota** · U04SRE: Errori 401 dal servizio trigger dopo il deploy delle 03:45.',
      '- 31 gennaio 2024 06:49 UTC · **Sistema** → impegno di aggiornamento non rispettato (scadenza: 31 gennaio 2024 06:49 UTC)',
      '- 31 gennaio 2024 09:17 UTC · **Sistema** → impegno di aggiornamento rispettato (scadenza: 31 gennaio 2024 09:23 UTC)',
    ]);
  });

  it('closes the publishable part with the default paragraph', () => {
    expect(section(markdown, 'Per maggiori informazioni')).toBe(
      'Per informazioni sullo stato attuale dei nostri sistemi, consulta la nostra pagina di stato. ' +
        'Per ulteriori domande su questo incidente, contatta il nostro team di assistenza.',
    );
  });

  it('lays out the English draft as in the reviewed file', async () => {
    const english = renderPostmortem(chat, entries, options('en', { names: { U01RELENG: 'Giulia Rossi' } }));
    await expect(english.markdown).toMatchFileSnapshot('__snapshots__/chat-triggers.en.md');
  });
});

describe('renderPostmortem: the German example (customer context panel, 29 November 2023)', () => {
  const { incident: panel, entries } = contextPanelIncident();
  const { markdown } = renderPostmortem(panel, entries, options('de', { names: { U05QA: 'Jonas Weber' } }));

  it('writes the impact window as the published summary does', () => {
    expect(section(markdown, 'Zusammenfassung')).toBe(
      'Am 29. November 2023 von 21:16 UTC bis 22:24 UTC hatten Zendesk Support-Kunden in mehreren Pods Probleme mit ' +
        'dem Kundenkontextbereich, der den Fehler „Keine Benutzer gefunden“ anzeigte, was auch das Hinzufügen von CCs ' +
        'zu Tickets beeinträchtigen konnte.',
    );
  });

  it('stamps 22:48 and 23:27 UTC as 14:48 and 15:27 PST, in order', () => {
    const timeline = section(markdown, 'Zeitlicher Ablauf');
    expect(timeline.match(/^### .*$/gm)).toEqual([
      '### 29. November 2023 22:48 UTC | 29. November 2023 14:48 PST',
      '### 29. November 2023 23:27 UTC | 29. November 2023 15:27 PST',
    ]);
    expectInOrder(timeline, [
      '**Überwachung** – Wir haben ein Problem beim Zugriff auf das Kundenkontextfenster identifiziert und gelöst.',
      '**Behoben** – Wir haben festgestellt, dass sich das Problem',
    ]);
  });

  it('has its sections in order', () => {
    expectInOrder(markdown, headingsInOrder('de'));
  });

  it('marks the one remediation item done', () => {
    expect(section(markdown, 'Korrekturmaßnahmen')).toBe(
      '- Hinzufügen eines Tests, um das Kundenkontextszenario für diese Funktion abzudecken (verantwortlich: Jonas Weber) [Erledigt]',
    );
  });

  it('reports the key figures worked out by hand, in German', () => {
    expect(section(markdown, 'Kennzahlen').split('\n')).toEqual([
      '- **Dauer der Auswirkungen**: 1 Std. 08 Min.',
      '- **Zeit vom Beginn der Auswirkungen bis zur ersten öffentlichen Statusmeldung**: 1 Std. 32 Min.',
      '- **Zeit bis zur Behebung (ab Beginn der Auswirkungen)**: 2 Std. 11 Min.',
      '- **Öffentliche Statusmeldungen**: 2',
      '- **Zugesagte Statusmeldungen eingehalten / nicht eingehalten**: 1 / 0',
      '- **Längste Pause zwischen öffentlichen Statusmeldungen**: 39 Min. (29. November 2023 22:48 UTC → 23:27 UTC)',
      '- **Korrekturmaßnahmen rechtzeitig erledigt / verspätet erledigt / noch offen**: 1 / 0 / 0',
    ]);
  });

  it('shows the severity change in the appendix', () => {
    expect(section(markdown, 'Interner Anhang')).toContain(
      '- 29. November 2023 22:41 UTC · **Änderung des Schweregrads** → SEV3 (mittel) · U06ONCALL',
    );
  });
});

describe('renderPostmortem: the French example (outbound email, 14–15 February 2025)', () => {
  const { incident: email, entries } = outboundEmailIncident();
  const { markdown } = renderPostmortem(email, entries, options('fr'));

  it('names the end date when the impact runs past midnight', () => {
    expect(section(markdown, 'Résumé')).toBe(
      'Du 14 février 2025 à 11:30 UTC au 15 février 2025 à 06:08 UTC, les clients Sell qui utilisent l’intégration ' +
        'Office 365 via OAuth ont rencontré des problèmes pour envoyer et synchroniser les e-mails dans Sell.',
    );
  });

  it('puts the updates in chronological order and still on 14 February in the Pacific zone', () => {
    expect(section(markdown, 'Chronologie').match(/^### .*$/gm)).toEqual([
      '### 15 février 2025 01:54 UTC | 14 février 2025 17:54 PST',
      '### 15 février 2025 02:08 UTC | 14 février 2025 18:08 PST',
      '### 15 février 2025 06:07 UTC | 14 février 2025 22:07 PST',
    ]);
  });

  it('uses the French remediation states and typography', () => {
    expect(section(markdown, 'Actions correctives').split('\n')).toEqual([
      '- Mettre en place des alertes d’expiration des identifiants OAuth2 [Prévu]',
      '- Donner accès au portail Azure à l’équipe Sell [Terminé]',
    ]);
    expect(section(markdown, 'Chiffres clés')).toContain(
      '- **Durée de l’impact**\u202f: 18\u00a0h\u00a038\u00a0min',
    );
  });
});

describe('renderPostmortem in every locale', () => {
  const cases = [
    { name: 'chat triggers', ...chatTriggersIncident() },
    { name: 'context panel', ...contextPanelIncident() },
  ];
  const summaryStarts: Record<Locale, string[]> = {
    en: [
      'On 31 January 2024, from 03:52 UTC to 06:52 UTC, ',
      'On 29 November 2023, from 21:16 UTC to 22:24 UTC, ',
    ],
    fr: ['Le 31 janvier 2024, de 03:52 UTC à 06:52 UTC, ', 'Le 29 novembre 2023, de 21:16 UTC à 22:24 UTC, '],
    de: [
      'Am 31. Januar 2024 von 03:52 UTC bis 06:52 UTC ',
      'Am 29. November 2023 von 21:16 UTC bis 22:24 UTC ',
    ],
    it: [
      'Il 31 gennaio 2024, dalle 03:52 UTC alle 06:52 UTC, ',
      'Il 29 novembre 2023, dalle 21:16 UTC alle 22:24 UTC, ',
    ],
  };
  const firstStamps: Record<Locale, string[]> = {
    en: [
      '31 January 2024 06:19 UTC | 30 January 2024 22:19 PST',
      '29 November 2023 22:48 UTC | 29 November 2023 14:48 PST',
    ],
    fr: [
      '31 janvier 2024 06:19 UTC | 30 janvier 2024 22:19 PST',
      '29 novembre 2023 22:48 UTC | 29 novembre 2023 14:48 PST',
    ],
    de: [
      '31. Januar 2024 06:19 UTC | 30. Januar 2024 22:19 PST',
      '29. November 2023 22:48 UTC | 29. November 2023 14:48 PST',
    ],
    it: [
      '31 gennaio 2024 06:19 UTC | 30 gennaio 2024 22:19 PST',
      '29 novembre 2023 22:48 UTC | 29 novembre 2023 14:48 PST',
    ],
  };

  // [planned state, done state, impact-duration line of the chat triggers]
  const words: Record<Locale, [string, string, string]> = {
    en: ['[Planned]', '[Done]', '- **Impact duration**: 3 h'],
    fr: ['[Prévu]', '[Terminé]', '- **Durée de l’impact**\u202f: 3\u00a0h'],
    de: ['[Geplant]', '[Erledigt]', '- **Dauer der Auswirkungen**: 3 Std.'],
    it: ['[Pianificato]', '[Completato]', '- **Durata dell’impatto**: 3 h'],
  };
  const closing: Record<Locale, string> = {
    en: 'For current information about the status of our systems, see our status page.',
    fr: 'Pour des informations sur l’état actuel de nos systèmes, consultez notre page de statut.',
    de: 'Aktuelle Informationen zum Status unserer Systeme finden Sie auf unserer Statusseite.',
    it: 'Per informazioni sullo stato attuale dei nostri sistemi, consulta la nostra pagina di stato.',
  };

  describe.each(LOCALES)('%s', (locale) => {
    const [summary, , , , remediation] = HEADINGS[locale];
    it.each(cases.map((c, i) => [c.name, i] as const))(
      'renders %s with the locale’s headings and sentences',
      (_, i) => {
        const { incident: subject, entries } = cases[i]!;
        const { markdown } = renderPostmortem(subject, entries, options(locale));
        expectInOrder(markdown, headingsInOrder(locale));
        expect(section(markdown, summary!).startsWith(summaryStarts[locale][i]!)).toBe(true);
        expect(markdown).toContain(`### ${firstStamps[locale][i]}\n`);
        expect(section(markdown, remediation!).endsWith(words[locale][i === 0 ? 0 : 1])).toBe(true);
        expect(section(markdown, HEADINGS[locale][5]!).startsWith(closing[locale])).toBe(true);
        if (i === 0) expect(markdown).toContain(`\n${words[locale][2]}\n`);
        // user text stays as typed, whatever the locale
        expect(markdown).toContain(subject.cause);
      },
    );
  });
});

describe('renderPostmortem: time zones', () => {
  it('shows PDT for a September incident and PST for a December one', () => {
    const september = renderPostmortem(
      incident({
        declaredAt: at('2024-09-10T23:05:00Z'),
        resolvedAt: at('2024-09-11T04:09:00Z'),
        impact: {
          startedAt: at('2024-09-10T22:57:00Z'),
          endedAt: at('2024-09-11T04:09:00Z'),
          text: 'logins failed',
        },
      }),
      [entry({ occurredAt: at('2024-09-11T01:20:00Z'), text: 'Investigating.' })],
      options('en'),
    ).markdown;
    expect(september).toContain(
      '\nOn 10 September 2024, from 22:57 UTC to 04:09 UTC on 11 September 2024, logins failed.\n',
    );
    expect(september).toContain('### 11 September 2024 01:20 UTC | 10 September 2024 18:20 PDT\n');

    const december = renderPostmortem(
      incident({ declaredAt: at('2024-12-03T17:00:00Z') }),
      [entry({ occurredAt: at('2024-12-03T17:20:00Z'), text: 'Investigating.' })],
      options('en'),
    ).markdown;
    expect(december).toContain('### 3 December 2024 17:20 UTC | 3 December 2024 09:20 PST\n');
  });

  it('uses whatever zone is configured, and a single stamp when that zone is UTC', () => {
    const subject = incident({ declaredAt: at('2024-07-01T12:00:00Z') });
    const update = [entry({ occurredAt: at('2024-07-01T12:10:00Z'), text: 'Looking.' })];
    expect(
      renderPostmortem(subject, update, options('de', { secondaryTimezone: 'Europe/Berlin' })).markdown,
    ).toContain('### 1. Juli 2024 12:10 UTC | 1. Juli 2024 14:10 CEST\n');
    expect(renderPostmortem(subject, update, options('fr', { secondaryTimezone: 'UTC' })).markdown).toContain(
      '### 1er juillet 2024 12:10 UTC\n',
    );
  });
});

describe('renderPostmortem: fallbacks', () => {
  it('falls back to declaration → resolution when no impact window was recorded, and says so', () => {
    const { markdown, figures } = renderPostmortem(
      incident({
        declaredAt: at('2024-03-05T08:10:00Z'),
        resolvedAt: at('2024-03-05T09:40:00Z'),
        impact: { text: 'some customers could not export reports.' },
      }),
      [],
      options('en'),
    );
    expect(section(markdown, 'Summary')).toBe(
      'On 5 March 2024, from 08:10 UTC to 09:40 UTC, some customers could not export reports.\n\n' +
        '_Note: the impact window was not recorded; times are from declaration to resolution._',
    );
    expect(figures.impactMs).toBeNull();
    expect(section(markdown, 'Key figures')).toContain('- **Impact duration**: unknown');
    expect(section(markdown, 'Key figures')).toContain(
      '- **Time to resolve (from declaration)**: 1 h 30 min',
    );
    expect(markdown).not.toMatch(/NaN|undefined|null/);
  });

  it('says which end of a half-recorded window was assumed', () => {
    const declaredAt = at('2024-03-05T08:10:00Z');
    const resolvedAt = at('2024-03-05T09:40:00Z');
    const noEnd = renderPostmortem(
      incident({
        declaredAt,
        resolvedAt,
        impact: { startedAt: at('2024-03-05T07:55:00Z'), text: 'exports failed' },
      }),
      [],
      options('it'),
    ).markdown;
    expect(section(noEnd, 'Riepilogo')).toBe(
      'Il 5 marzo 2024, dalle 07:55 UTC alle 09:40 UTC, exports failed.\n\n' +
        '_Nota: la fine dell’impatto non è stata registrata; l’orario di fine è quello della risoluzione dell’incidente._',
    );
    const noStart = renderPostmortem(
      incident({
        declaredAt,
        resolvedAt,
        impact: { endedAt: at('2024-03-05T09:30:00Z'), text: 'exports failed' },
      }),
      [],
      options('de'),
    ).markdown;
    expect(section(noStart, 'Zusammenfassung')).toBe(
      'Am 5. März 2024 von 08:10 UTC bis 09:30 UTC exports failed.\n\n' +
        '_Hinweis: Der Beginn der Auswirkungen wurde nicht erfasst; als Beginn gilt der Zeitpunkt der Meldung des Vorfalls._',
    );
  });

  it('writes a still-open incident as ongoing, dated when the draft was made', () => {
    const { markdown, figures } = renderPostmortem(
      incident({
        declaredAt: at('2024-03-05T08:10:00Z'),
        impact: { startedAt: at('2024-03-05T07:55:00Z'), text: 'exports fail' },
      }),
      [entry({ occurredAt: at('2024-03-05T08:30:00Z'), text: 'We are investigating.' })],
      options('fr', { now: at('2024-03-05T10:02:30Z') }),
    );
    expect(section(markdown, 'Résumé')).toBe(
      'Depuis le 5 mars 2024 à 07:55 UTC, exports fail.\n\n' +
        '_Remarque\u202f: cet incident est toujours en cours\u202f; ce brouillon a été généré le 5 mars 2024 à 10:02 UTC._',
    );
    expect(figures.timeToResolveMs).toBeNull();
    expect(section(markdown, 'Chiffres clés')).toContain(
      '- **Délai de résolution (depuis le début de l’impact)**\u202f: non disponible',
    );
    expect(markdown).toContain('\nIncident n°\u00a01 · SEV2 (majeur) · Enquête en cours\n');
  });

  it('dates an open incident with no window from its declaration', () => {
    const { markdown } = renderPostmortem(
      incident({ declaredAt: at('2024-03-08T08:10:00Z') }),
      [],
      options('it', { now: at('2024-03-08T09:00:00Z') }),
    );
    expect(section(markdown, 'Riepilogo')).toBe(
      'Dall’8 marzo 2024 alle 08:10 UTC, _[clienti interessati e tipo di impatto: da completare]_.\n\n' +
        '_Nota: la finestra di impatto non è stata registrata; l’orario di inizio è quello della dichiarazione dell’incidente._\n\n' +
        '_Nota: questo incidente è ancora aperto; questa bozza è stata generata l’8 marzo 2024 alle 09:00 UTC._',
    );
  });

  it('puts visible placeholders where the impact, cause, resolution and remediation are missing', () => {
    const { markdown } = renderPostmortem(
      incident({
        declaredAt: at('2024-03-05T08:10:00Z'),
        resolvedAt: at('2024-03-05T09:40:00Z'),
        impact: { startedAt: at('2024-03-05T08:00:00Z'), endedAt: at('2024-03-05T09:00:00Z'), text: '  ' },
      }),
      [],
      options('en'),
    );
    expect(section(markdown, 'Summary')).toBe(
      'On 5 March 2024, from 08:00 UTC to 09:00 UTC, _[who was affected, and how: to be completed]_.',
    );
    expect(section(markdown, 'Root cause analysis')).toBe('_To be completed_');
    expect(section(markdown, 'Resolution')).toBe('_To be completed_');
    expect(section(markdown, 'Remediation items')).toBe('_To be completed_');
  });

  it('says so when no public update was posted, and reports the figures that depend on them as unknown', () => {
    const { markdown, figures } = renderPostmortem(
      incident({ declaredAt: at('2024-03-05T08:10:00Z'), resolvedAt: at('2024-03-05T09:40:00Z') }),
      [
        entry({
          kind: 'note',
          public: false,
          occurredAt: at('2024-03-05T08:20:00Z'),
          text: 'looking at dashboards',
        }),
      ],
      options('de'),
    );
    expect(section(markdown, 'Zeitlicher Ablauf')).toBe(
      '_Während dieses Vorfalls wurde keine öffentliche Statusmeldung veröffentlicht._',
    );
    expect(figures.publicUpdates).toBe(0);
    const keyFigures = section(markdown, 'Kennzahlen');
    expect(keyFigures).toContain('- **Öffentliche Statusmeldungen**: 0');
    expect(keyFigures).toContain(
      '- **Zeit von der Meldung des Vorfalls bis zur ersten öffentlichen Statusmeldung**: unbekannt',
    );
    expect(keyFigures).toContain('- **Längste Pause zwischen öffentlichen Statusmeldungen**: unbekannt');
    expect(section(markdown, 'Interner Anhang')).toBe(
      '- 5. März 2024 08:20 UTC · **Notiz**: looking at dashboards',
    );
  });

  it('leaves deleted and internal updates out of the timeline and lists them in the appendix', () => {
    const { markdown, figures } = renderPostmortem(
      incident({ declaredAt: at('2024-03-05T08:10:00Z'), resolvedAt: at('2024-03-05T09:40:00Z') }),
      [
        entry({
          occurredAt: at('2024-03-05T08:30:00Z'),
          text: 'Wrong channel, sorry',
          deletedAt: at('2024-03-05T08:31:00Z'),
        }),
        entry({ occurredAt: at('2024-03-05T08:40:00Z'), text: 'We are investigating.' }),
        entry({ occurredAt: at('2024-03-05T08:42:00Z'), text: 'DB failover started', public: false }),
        entry({
          kind: 'pinned',
          public: false,
          occurredAt: at('2024-03-05T08:45:00Z'),
          text: 'graph',
          authorId: 'U7',
          deletedAt: at('2024-03-05T09:00:00Z'),
          slack: { permalink: 'https://example.slack.com/archives/C1/p1' },
        }),
      ],
      options('en', { names: { U7: 'Ana' } }),
    );
    const timeline = section(markdown, 'Timeline');
    expect(timeline).not.toContain('Wrong channel');
    expect(timeline).not.toContain('DB failover');
    expect(timeline.match(/^### /gm)).toHaveLength(1);
    expect(figures.publicUpdates).toBe(1);
    expect(section(markdown, 'Internal appendix').split('\n')).toEqual([
      '- 5 March 2024 08:30 UTC · **Public update** _(deleted)_: Wrong channel, sorry',
      '- 5 March 2024 08:42 UTC · **Internal update**: DB failover started',
      '- 5 March 2024 08:45 UTC · **Pinned message** _(deleted)_ · Ana: graph <https://example.slack.com/archives/C1/p1>',
    ]);
  });

  it('uses the configured closing paragraph instead of the default', () => {
    const { markdown } = renderPostmortem(
      incident({ declaredAt: at('2024-03-05T08:10:00Z') }),
      [],
      options('de', {
        moreInfo: 'Den aktuellen Status finden Sie unter https://status.example.com.',
      }),
    );
    expect(section(markdown, 'Weitere Informationen')).toBe(
      'Den aktuellen Status finden Sie unter https://status.example.com.',
    );
  });
});

describe('renderPostmortem: user text', () => {
  it('shows text as typed: Slack’s wire format decoded, Markdown’s own characters escaped', () => {
    // Stored as Slack sends it: `&`, `<` and `>` arrive as entities.
    const typed = fromPlainText(
      'Rolled back *v2.3* <not html>.\n# not a heading\n---\nThird line: 50% of "EU" users & more, p99 <2 s',
    );
    const { markdown } = renderPostmortem(
      incident({
        title: fromPlainText('Checkout\n<b>errors</b>'),
        declaredAt: at('2024-03-05T08:10:00Z'),
        cause: typed,
        actions: [{ text: 'First line\nsecond line', done: false }],
      }),
      [
        entry({ occurredAt: at('2024-03-05T08:40:00Z'), text: 'Line one\r\n## also not a heading' }),
        entry({
          occurredAt: at('2024-03-05T08:50:00Z'),
          text: 'Handing over to <@UBOB|bob> in <#C0OPS|ops>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;',
        }),
      ],
      { ...options('en'), names: { UBOB: 'Bob Keller' } },
    );
    expect(markdown.split('\n')[0]).toBe('# Checkout \\<b\\>errors\\</b\\>');
    expect(section(markdown, 'Root cause analysis')).toBe(
      'Rolled back \\*v2.3\\* \\<not html\\>.\n\\# not a heading\n\\---\nThird line: 50% of "EU" users & more, p99 \\<2 s',
    );
    expect(section(markdown, 'Timeline')).toContain('Line one\n\\## also not a heading');
    expect(section(markdown, 'Timeline')).toContain(
      'Handing over to Bob Keller in #ops; see [dashboard](https://grafana.example/d/1) & logs \\<prod\\>',
    );
    expect(section(markdown, 'Remediation items')).toBe('- First line\n  second line [Planned]');
  });
});

describe('renderPostmortem: size', () => {
  it('renders a 5,000-entry timeline completely', () => {
    const { incident: big, entries } = createSampleTimeline(5000);
    const { markdown, figures } = renderPostmortem(big, entries, options('en'));
    const published = entries.filter((e) => e.public && !e.deletedAt);
    expect(figures.publicUpdates).toBe(published.length);
    expect(section(markdown, 'Timeline').match(/^### /gm)).toHaveLength(published.length);
    expect(section(markdown, 'Internal appendix').match(/^- /gm)).toHaveLength(
      entries.length - published.length,
    );
    // the sample crosses the change to daylight time on 10 March 2024
    expect(markdown).toContain(' PST\n');
    expect(markdown).toContain(' PDT\n');
  });
});

/** The house style of the published pages: newest first, times only, `PT`, their headings and states. */
const HOUSE: PostmortemTemplate = {
  timelineOrder: 'newest-first',
  stamp: 'time',
  zoneLabel: 'generic',
  headings: {
    en: { summary: 'Overview', remediation: 'Remediation' },
    fr: { summary: 'SOMMAIRE', remediation: 'Éléments de correction' },
  },
  states: { de: { done: 'Fertig' } },
  moreInfo: { fr: 'Pour des informations sur l’état de nos services, consultez https://status.example.com.' },
};

describe('renderPostmortem with a house template', () => {
  it('lists the timeline newest first, stamped with times and PT, under the template’s English headings', () => {
    const { incident: chat, entries } = chatTriggersIncident();
    const { markdown } = renderPostmortem(chat, entries, options('en', { template: HOUSE }));
    expect(markdown.match(/^## .*$/gm)!.slice(0, 2)).toEqual(['## Overview', '## Timeline']);
    expect(section(markdown, 'Timeline').match(/^### .*$/gm)).toEqual([
      '### 09:17 UTC | 01:17 PT',
      '### 07:53 UTC | 23:53 PT',
      '### 06:19 UTC | 22:19 PT',
    ]);
    expectInOrder(section(markdown, 'Timeline'), [
      'La soluzione implementata',
      'Abbiamo risolto',
      'Stiamo esaminando',
    ]);
    expect(section(markdown, 'Remediation').split('\n')[0]).toMatch(/ \[Planned\]$/);
    // No English closing text is set: the default stays, and the French one does not leak in.
    expect(section(markdown, 'For more information')).toMatch(/^For current information about the status/);
  });

  it('uses the German state and the French headings and closing text', () => {
    const { incident: panel, entries } = contextPanelIncident();
    const german = renderPostmortem(panel, entries, options('de', { template: HOUSE })).markdown;
    expect(section(german, 'Korrekturmaßnahmen')).toMatch(/abzudecken \(verantwortlich: U05QA\) \[Fertig\]$/);
    expect(section(german, 'Zeitlicher Ablauf').match(/^### .*$/gm)).toEqual([
      '### 23:27 UTC | 15:27 PT',
      '### 22:48 UTC | 14:48 PT',
    ]);

    const { incident: email, entries: updates } = outboundEmailIncident();
    const french = renderPostmortem(email, updates, options('fr', { template: HOUSE })).markdown;
    expectInOrder(french, ['\n## SOMMAIRE\n', '\n## Chronologie\n', '\n## Éléments de correction\n']);
    expect(section(french, 'Éléments de correction')).toContain('[Prévu]');
    expect(section(french, 'Pour en savoir plus')).toBe(
      'Pour des informations sur l’état de nos services, consultez https://status.example.com.',
    );
  });

  it('keeps the dates when the public updates span more than one UTC day', () => {
    const { markdown } = renderPostmortem(
      incident({ declaredAt: at('2024-09-10T23:30:00Z') }),
      [entry({ occurredAt: at('2024-09-10T23:40:00Z') }), entry({ occurredAt: at('2024-09-11T00:10:00Z') })],
      options('en', { template: HOUSE, now: at('2024-09-11T01:00:00Z') }),
    );
    expect(section(markdown, 'Timeline').match(/^### .*$/gm)).toEqual([
      '### 11 September 2024 00:10 UTC | 10 September 2024 17:10 PT',
      '### 10 September 2024 23:40 UTC | 10 September 2024 16:40 PT',
    ]);
  });

  it('names the second zone in the draft’s language with the long label', () => {
    const { incident: email, entries } = outboundEmailIncident();
    const long = { ...HOUSE, timelineOrder: 'oldest-first', zoneLabel: 'long' } as const;
    expect(
      section(
        renderPostmortem(email, entries, options('fr', { template: long })).markdown,
        'Chronologie',
      ).match(/^### .*$/gm),
    ).toEqual([
      '### 01:54 UTC | 17:54 (heure du Pacifique nord-américain)',
      '### 02:08 UTC | 18:08 (heure du Pacifique nord-américain)',
      '### 06:07 UTC | 22:07 (heure du Pacifique nord-américain)',
    ]);
  });

  it('changes nothing with the standard template, and ignores the one-for-all closing text once a template is given', () => {
    const { incident: chat, entries } = chatTriggersIncident();
    const standard: PostmortemTemplate = {
      timelineOrder: 'oldest-first',
      stamp: 'full',
      zoneLabel: 'abbreviation',
      headings: {},
      states: {},
      moreInfo: {},
    };
    const plain = renderPostmortem(chat, entries, options('it')).markdown;
    expect(renderPostmortem(chat, entries, options('it', { template: standard })).markdown).toBe(plain);
    expect(
      renderPostmortem(
        chat,
        entries,
        options('it', { template: standard, moreInfo: 'For more, see our status page.' }),
      ).markdown,
    ).toBe(plain);
  });
});

describe('renderPostmortem: French typography', () => {
  // User text full of ordinary spaces before punctuation, which must stay as typed.
  const typed = {
    title: 'Appels impossibles : Talk ?',
    impact: 'les clients : aucun appel possible ; vraiment aucun !',
    cause: 'Un défaut du SDK : voir le ticket ?',
    resolution: 'Retour arrière ; fin !',
    update: 'Nous enquêtons : plus d’informations bientôt ?',
    note: 'Ticket : INC-42 ?',
    action: 'Alerte : appels échoués ?',
    remark: 'Notre partenaire aura ses propres actions : à suivre !',
  };
  const subject: PostmortemIncident = incident({
    number: 3,
    title: typed.title,
    declaredAt: at('2024-09-11T01:41:00Z'),
    impact: { text: typed.impact },
    cause: typed.cause,
    resolution: typed.resolution,
    remark: typed.remark,
    actions: [
      { text: typed.action, ownerId: 'U1', done: false },
      { text: typed.action, done: true },
    ],
  });
  const entries: PostmortemEntry[] = [
    entry({ occurredAt: at('2024-09-11T01:20:00Z'), status: 'investigating', text: typed.update }),
    entry({
      kind: 'note',
      public: false,
      occurredAt: at('2024-09-11T01:30:00Z'),
      authorId: 'U1',
      text: typed.note,
    }),
    entry({
      kind: 'role',
      public: false,
      occurredAt: at('2024-09-11T01:42:00Z'),
      role: { role: 'comms', userId: 'U1' },
    }),
    entry({
      kind: 'system',
      public: false,
      event: 'snoozed',
      cadenceMs: 900_000,
      occurredAt: at('2024-09-11T01:50:00Z'),
      nextUpdate: { dueAt: at('2024-09-11T02:20:00Z'), source: 'snooze' },
    }),
    entry({
      kind: 'escalation',
      public: false,
      occurredAt: at('2024-09-11T02:35:00Z'),
      notified: ['U2'],
      promise: { dueAt: at('2024-09-11T02:20:00Z') },
    }),
  ];
  const withoutUserText = (markdown: string) =>
    Object.values(typed).reduce((rest, text) => rest.split(text).join('«user text»'), markdown);

  it.each(['internal', 'customers', 'executives'] as const)(
    'puts no ordinary space before : ; ! ? in the %s draft, outside what people typed',
    (audience) => {
      const { markdown } = renderPostmortem(
        subject,
        entries,
        options('fr', { audience, now: at('2024-09-11T03:00:00Z') }),
      );
      const fixed = withoutUserText(markdown);
      expect(fixed.match(/.{0,30}[ \u00a0][:;!?].{0,10}/g)).toBeNull();
      // what people typed is still there as typed
      expect(markdown).toContain(audience === 'executives' ? typed.cause : typed.update);
    },
  );

  it('sets narrow no-break spaces and no-break spaces where French wants them', () => {
    const { markdown } = renderPostmortem(
      subject,
      entries,
      options('fr', { now: at('2024-09-11T03:00:00Z') }),
    );
    expect(markdown).toContain('\nIncident n°\u00a03 · SEV2 (majeur) · Enquête en cours\n');
    expect(markdown).toContain(
      '\n_Remarque\u202f: cet incident est toujours en cours\u202f; ce brouillon a été généré le 11 septembre 2024 à 03:00 UTC._\n',
    );
    expect(markdown).toContain(
      '- **Délai entre la déclaration et la première mise à jour publique**\u202f: la première mise à jour publique a ' +
        'été publiée 21\u00a0min avant la déclaration\n',
    );
    expect(section(markdown, 'Annexe interne').split('\n')).toEqual([
      '- 11 septembre 2024 01:30 UTC · **Note** · U1\u202f: Ticket : INC-42 ?',
      '- 11 septembre 2024 01:42 UTC · **Rôle** → responsable de la communication\u202f: U1',
      '- 11 septembre 2024 01:50 UTC · **Système** → mise à jour promise repoussée (15\u00a0min) ' +
        '(prochaine mise à jour attendue\u202f: 11 septembre 2024 02:20 UTC)',
      '- 11 septembre 2024 02:35 UTC · **Escalade** (échéance\u202f: 11 septembre 2024 02:20 UTC) → prévenus\u202f: U2',
    ]);
  });
});

describe('renderPostmortem: the Summary sentence reads naturally whatever the impact text says', () => {
  const sameDay = { startedAt: at('2024-03-05T08:00:00Z'), endedAt: at('2024-03-05T09:00:00Z') };
  const summaryOf = (
    locale: Locale,
    text: string,
    impact: Partial<PostmortemIncident['impact']> = sameDay,
  ) => {
    const resolvedAt = impact.endedAt && at('2024-03-05T09:30:00Z');
    const subject = incident({
      declaredAt: at('2024-03-05T07:50:00Z'),
      resolvedAt,
      impact: { ...impact, text },
    });
    const markdown = renderPostmortem(
      subject,
      [],
      options(locale, { now: at('2024-03-05T10:00:00Z') }),
    ).markdown;
    return markdown.split('\n')[4];
  };

  it('names both dates across midnight in French', () => {
    const { incident: outage, entries } = telephonyOutageIncident();
    expect(section(renderPostmortem(outage, entries, options('fr')).markdown, 'Résumé')).toBe(
      'Du 10 septembre 2024 à 22:57 UTC au 11 septembre 2024 à 04:09 UTC, customers using Talk in every pod could not ' +
        'make or receive calls.',
    );
  });

  it('keeps German verb-second whether the impact text starts with its verb, a noun or an article', () => {
    expect(summaryOf('de', 'konnten Kunden keine Berichte exportieren')).toBe(
      'Am 5. März 2024 von 08:00 UTC bis 09:00 UTC konnten Kunden keine Berichte exportieren.',
    );
    expect(summaryOf('de', 'Kunden konnten keine Berichte exportieren')).toBe(
      'Am 5. März 2024 von 08:00 UTC bis 09:00 UTC gab es folgende Auswirkungen: Kunden konnten keine Berichte exportieren.',
    );
    expect(summaryOf('de', 'die Anmeldung schlug fehl')).toBe(
      'Am 5. März 2024 von 08:00 UTC bis 09:00 UTC gab es folgende Auswirkungen: die Anmeldung schlug fehl.',
    );
    expect(summaryOf('de', 'Exporte schlugen fehl', { startedAt: at('2024-03-05T08:00:00Z') })).toBe(
      'Seit dem 5. März 2024 um 08:00 UTC gibt es folgende Auswirkungen: Exporte schlugen fehl.',
    );
    const { incident: outage, entries } = telephonyOutageIncident();
    const german = renderPostmortem(
      { ...outage, impact: { ...outage.impact, text: 'Kunden konnten keine Anrufe tätigen' } },
      entries,
      options('de'),
    ).markdown;
    expect(section(german, 'Zusammenfassung')).toBe(
      'Vom 10. September 2024 um 22:57 UTC bis zum 11. September 2024 um 04:09 UTC gab es folgende Auswirkungen: ' +
        'Kunden konnten keine Anrufe tätigen.',
    );
  });

  it('introduces an impact text that is a sentence of its own with a colon in English, French and Italian', () => {
    expect(summaryOf('en', 'Customers could not export reports')).toBe(
      'On 5 March 2024, from 08:00 UTC to 09:00 UTC: Customers could not export reports.',
    );
    expect(summaryOf('en', 'customers could not export reports')).toBe(
      'On 5 March 2024, from 08:00 UTC to 09:00 UTC, customers could not export reports.',
    );
    expect(summaryOf('fr', 'Les clients ne pouvaient pas exporter')).toBe(
      'Le 5 mars 2024, de 08:00 UTC à 09:00 UTC\u202f: Les clients ne pouvaient pas exporter.',
    );
    expect(summaryOf('it', 'I clienti non potevano esportare i report')).toBe(
      'Il 5 marzo 2024, dalle 08:00 UTC alle 09:00 UTC: I clienti non potevano esportare i report.',
    );
    expect(summaryOf('it', 'i clienti non potevano esportare i report')).toBe(
      'Il 5 marzo 2024, dalle 08:00 UTC alle 09:00 UTC, i clienti non potevano esportare i report.',
    );
  });
});

describe('renderPostmortem: figures that never lie', () => {
  const { incident: outage, entries } = telephonyOutageIncident();
  const noWindow = { ...outage, impact: { text: outage.impact.text } };

  it('says in words, in each locale, that the first update came before the declaration', () => {
    const line = (locale: Locale) =>
      renderPostmortem(noWindow, entries, options(locale))
        .markdown.split('\n')
        .find((l) => l.startsWith('- **') && l.includes(' 21'))!;
    expect(line('en')).toBe(
      '- **Time from declaration to first public update**: the first public update came 21 min before the declaration',
    );
    expect(line('fr')).toBe(
      '- **Délai entre la déclaration et la première mise à jour publique**\u202f: la première mise à jour publique a ' +
        'été publiée 21\u00a0min avant la déclaration',
    );
    expect(line('de')).toBe(
      '- **Zeit von der Meldung des Vorfalls bis zur ersten öffentlichen Statusmeldung**: die erste öffentliche ' +
        'Statusmeldung kam 21 Min. vor der Meldung des Vorfalls',
    );
    expect(line('it')).toBe(
      '- **Tempo dalla dichiarazione al primo aggiornamento pubblico**: il primo aggiornamento pubblico è arrivato ' +
        '21 min prima della dichiarazione',
    );
  });

  it('says so when the update or the resolution came before the impact start, and never prints a minus', () => {
    const { markdown } = renderPostmortem(
      incident({
        declaredAt: at('2024-09-11T01:00:00Z'),
        resolvedAt: at('2024-09-11T01:10:00Z'),
        impact: { startedAt: at('2024-09-11T01:30:00Z'), endedAt: at('2024-09-11T01:25:00Z') },
      }),
      [entry({ occurredAt: at('2024-09-11T01:20:00Z') })],
      options('en'),
    );
    expect(section(markdown, 'Key figures').split('\n').slice(0, 3)).toEqual([
      '- **Impact duration**: the recorded end of the impact is 5 min before its recorded start',
      '- **Time from impact start to first public update**: the first public update came 10 min before the impact start',
      '- **Time to resolve (from impact start)**: the resolution was recorded 20 min before the impact start',
    ]);
    expect(markdown).not.toMatch(/[−-]\d/);
  });

  it('gives updates of the same minute one stamp, and counts 10:20 → 10:50 as 30 min', () => {
    const { markdown } = renderPostmortem(
      incident({ declaredAt: at('2024-09-11T10:00:00Z'), resolvedAt: at('2024-09-11T10:50:30Z') }),
      [
        entry({ occurredAt: at('2024-09-11T10:20:05Z'), text: 'First.' }),
        entry({
          occurredAt: at('2024-09-11T10:20:59Z'),
          text: 'Third.',
          recordedAt: at('2024-09-11T10:21:00Z'),
        }),
        entry({ occurredAt: at('2024-09-11T10:20:30Z'), text: 'Second.' }),
        entry({ occurredAt: at('2024-09-11T10:50:00Z'), status: 'resolved', text: 'Fixed.' }),
      ],
      options('en'),
    );
    expect(section(markdown, 'Timeline')).toBe(
      [
        '### 11 September 2024 10:20 UTC | 11 September 2024 03:20 PDT',
        'First.',
        'Second.',
        'Third.',
        '### 11 September 2024 10:50 UTC | 11 September 2024 03:50 PDT',
        '**Resolved** – Fixed.',
      ].join('\n\n'),
    );
    expect(section(markdown, 'Key figures')).toContain(
      '- **Longest silence between public updates**: 30 min (11 September 2024 10:20 UTC → 10:50 UTC)',
    );
  });
});

describe('renderPostmortem: three audiences from one timeline', () => {
  const { incident: outage, entries: timeline } = telephonyOutageIncident();
  const subject: PostmortemIncident = {
    ...outage,
    remark: 'Our telephony partner will publish remediation items of its own.',
    actions: [
      ...outage.actions,
      ...Array.from({ length: 7 }, (_, i) => ({ text: `Review runbook ${i + 1}`, done: false })),
    ],
  };
  const entries = [
    ...timeline,
    entry({
      kind: 'note',
      public: false,
      occurredAt: at('2024-09-11T02:10:00Z'),
      text: 'Partner bridge: +1 555 0100',
    }),
    entry({
      occurredAt: at('2024-09-11T02:15:00Z'),
      text: 'Wrong incident, sorry',
      retractedAt: at('2024-09-11T02:16:00Z'),
    }),
  ];
  const render = (audience?: 'customers' | 'internal' | 'executives', locale: Locale = 'en') =>
    renderPostmortem(subject, entries, options(locale, { audience, names: { U08SRE: 'Sam Lee' } })).markdown;

  it('gives customers the public text alone, ending with the closing paragraph', () => {
    const customers = render('customers');
    expect(customers.match(/^## .*$/gm)).toEqual([
      '## Summary',
      '## Timeline',
      '## Root cause analysis',
      '## Resolution',
      '## Remediation items',
      '## Remark',
      '## For more information',
    ]);
    expect(customers).toContain(
      '\n## Remark\n\nOur telephony partner will publish remediation items of its own.\n',
    );
    expect(section(customers, 'Timeline').match(/^### /gm)).toHaveLength(6);
    for (const internal of [
      '---',
      'internal use',
      'Incident #3',
      'SEV1',
      'Key figures',
      'Partner bridge',
      'Wrong incident',
    ]) {
      expect(customers).not.toContain(internal);
    }
    expect(customers.trimEnd().endsWith('please contact our support team.')).toBe(true);
    // the same text opens the internal draft, which names the items' owners and adds what follows the rule
    const internal = render();
    expect(customers).not.toContain('Sam Lee');
    expect(internal).toContain('(owner: Sam Lee)');
    expect(internal.replaceAll(' (owner: Sam Lee)', '').startsWith(customers.trimEnd())).toBe(true);
    expect(render('internal')).toBe(internal);
  });

  it('keeps the retracted update and the note in the internal appendix only', () => {
    expect(section(render(), 'Internal appendix').split('\n')).toEqual([
      '- 11 September 2024 01:41 UTC · **System** → incident declared (next update due: 11 September 2024 02:11 UTC)',
      '- 11 September 2024 02:10 UTC · **Note**: Partner bridge: +1 555 0100',
      '- 11 September 2024 02:15 UTC · **Public update** _(retracted)_: Wrong incident, sorry',
    ]);
  });

  it('leaves the remark out when there is none', () => {
    const { markdown } = renderPostmortem({ ...subject, remark: '  ' }, entries, options('fr'));
    expect(markdown).not.toContain('## Remarque');
    expectInOrder(markdown, ['\n## Actions correctives\n', '\n## Pour en savoir plus\n']);
  });

  it('briefs executives in at most 25 lines: impact and its duration, cause, the open items, the figures', () => {
    const brief = render('executives');
    expect(brief).toBe(
      [
        '# Talk: calls could not be made or received',
        '',
        'Incident #3 · SEV1 (critical) · Resolved',
        '',
        '- **Impact duration**: 5 h 12 min (10 September 2024 22:57 UTC → 11 September 2024 04:09 UTC)',
        '- **Who was affected**: customers using Talk in every pod could not make or receive calls',
        '- **Cause**: A defect in the telephony partner’s voice SDK.',
        '- **Resolution**: The partner rolled back the SDK release.',
        '- **Open remediation items**: 8 of 9',
        '  - Agree an escalation path with the partner',
        '  - Review runbook 1',
        '  - Review runbook 2',
        '  - Review runbook 3',
        '  - and 4 more',
        '- **Key figures**',
        '  - Time from impact start to first public update: 2 h 23 min',
        '  - Time to resolve (from impact start): 5 h 13 min',
        '  - Public updates: 6',
        '  - Update promises kept / broken: 4 / 1',
        '  - Longest silence between public updates: 1 h 09 min (11 September 2024 03:01 UTC → 04:10 UTC)',
        '  - Remediation items done on time / late / still open: 1 / 0 / 8',
        '',
      ].join('\n'),
    );
    for (const locale of LOCALES)
      expect(render('executives', locale).trimEnd().split('\n').length).toBeLessThanOrEqual(25);
    expect(render('executives', 'it')).toContain(
      '- **Durata dell’impatto**: 5 h 12 min (10 settembre 2024 22:57 UTC → 11 settembre 2024 04:09 UTC)\n' +
        '- **Clienti interessati**: customers using Talk',
    );
  });

  it('briefs an open incident as ongoing, with multi-line text on one line', () => {
    const open = incident({
      title: 'Exports\nfailing',
      declaredAt: at('2024-03-05T08:10:00Z'),
      impact: { startedAt: at('2024-03-05T07:55:00Z') },
      cause: 'First paragraph.\n\nSecond paragraph.',
    });
    const brief = renderPostmortem(
      open,
      [],
      options('de', { audience: 'executives', now: at('2024-03-05T09:00:00Z') }),
    ).markdown;
    expect(brief.split('\n').slice(0, 9)).toEqual([
      '# Exports failing',
      '',
      'Vorfall Nr. 1 · SEV2 (schwer) · Untersuchung läuft',
      '',
      '- **Dauer der Auswirkungen**: andauernd seit 5. März 2024 07:55 UTC',
      '- **Betroffen**: _[betroffene Kunden und Art der Auswirkungen: noch zu ergänzen]_',
      '- **Ursache**: First paragraph. Second paragraph.',
      '- **Behebung**: _Noch zu ergänzen_',
      '- **Offene Korrekturmaßnahmen**: 0 von 0',
    ]);
  });
});

describe('pinned messages in the internal appendix', () => {
  const pinned = (fields: Partial<DraftEntry>): DraftEntry => ({
    ...entry({ kind: 'pinned', public: false, occurredAt: at('2024-03-05T08:45:00Z'), authorId: 'U7' }),
    ...fields,
  });
  const appendixOf = (entries: DraftEntry[], locale: Locale, heading: string) =>
    section(
      renderPostmortem(
        incident({ declaredAt: at('2024-03-05T08:10:00Z') }),
        entries,
        options(locale, { names: { U7: 'Ana' } }),
      ).markdown,
      heading,
    );
  const edited = pinned({
    text: 'error rate 50%',
    revisions: [
      { text: 'error rate 5%', replacedAt: at('2024-03-05T08:50:00Z') },
      { text: 'error rate 15%', replacedAt: at('2024-03-05T08:55:00Z') },
    ],
  });
  const removed = pinned({
    occurredAt: at('2024-03-05T09:00:00Z'),
    text: 'wrong graph',
    unpinnedAt: at('2024-03-05T09:05:00Z'),
  });

  it('shows the earlier texts of an edited message, oldest first, and marks one removed from the timeline, in every language', () => {
    expect(appendixOf([edited, removed], 'en', 'Internal appendix').split('\n')).toEqual([
      '- 5 March 2024 08:45 UTC · **Pinned message** _(edited; earlier: “error rate 5%”, “error rate 15%”)_ · Ana: error rate 50%',
      '- 5 March 2024 09:00 UTC · **Pinned message** _(removed from the timeline)_ · Ana: wrong graph',
    ]);
    expect(appendixOf([edited, removed], 'fr', 'Annexe interne').split('\n')).toEqual([
      '- 5 mars 2024 08:45 UTC · **Message épinglé** _(modifié\u202f; auparavant\u202f: «\u202ferror rate 5%\u202f», «\u202ferror rate 15%\u202f»)_ · Ana\u202f: error rate 50%',
      '- 5 mars 2024 09:00 UTC · **Message épinglé** _(retiré de la chronologie)_ · Ana\u202f: wrong graph',
    ]);
    expect(appendixOf([edited, removed], 'de', 'Interner Anhang').split('\n')).toEqual([
      '- 5. März 2024 08:45 UTC · **Angeheftete Nachricht** _(bearbeitet; vorher: „error rate 5%“, „error rate 15%“)_ · Ana: error rate 50%',
      '- 5. März 2024 09:00 UTC · **Angeheftete Nachricht** _(aus der Zeitleiste entfernt)_ · Ana: wrong graph',
    ]);
    expect(appendixOf([edited, removed], 'it', 'Appendice interna').split('\n')).toEqual([
      '- 5 marzo 2024 08:45 UTC · **Messaggio fissato** _(modificato; prima: «error rate 5%», «error rate 15%»)_ · Ana: error rate 50%',
      '- 5 marzo 2024 09:00 UTC · **Messaggio fissato** _(rimosso dalla cronologia)_ · Ana: wrong graph',
    ]);
  });

  it('shortens a long earlier text visibly, on one line, and keeps the latest text whole', () => {
    const long = `${'the queue grew '.repeat(30)}\nthen drained`;
    const [line] = appendixOf(
      [
        pinned({
          text: `${long} (final)`,
          revisions: [{ text: long, replacedAt: at('2024-03-05T08:50:00Z') }],
        }),
      ],
      'en',
      'Internal appendix',
    ).split('\n- ');
    const earlier = /earlier: “([^”]*)”/.exec(line!)![1]!;
    expect(earlier.endsWith('…')).toBe(true);
    expect(earlier.length).toBeLessThanOrEqual(280);
    expect(earlier).not.toContain('\n');
    expect(line).toContain(': the queue grew');
    expect(line).toContain('then drained (final)');
  });

  it('leaves pinned messages out of the customers’ text, edited or not', () => {
    const { markdown } = renderPostmortem(
      incident({ declaredAt: at('2024-03-05T08:10:00Z') }),
      [edited, removed],
      options('en', { audience: 'customers' }),
    );
    expect(markdown).not.toContain('error rate');
    expect(markdown).not.toContain('wrong graph');
  });
});

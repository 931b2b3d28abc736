import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../../src/config.js';
import { CATALOGS } from '../../../src/i18n/catalog.js';
import { renderPostmortem, type RenderOptions } from '../../../src/services/postmortem/render-postmortem.js';
import { createSampleTimeline } from '../../../src/services/postmortem/sample-timeline.js';
import {
  at,
  chatTriggersIncident,
  contextPanelIncident,
  entry,
  incident,
  outboundEmailIncident,
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

const headingsInOrder = (locale: Locale): string[] => {
  const { headings, appendix } = CATALOGS[locale];
  return [
    `## ${headings.summary}\n`,
    `## ${headings.timeline}\n`,
    `## ${headings.rootCause}\n`,
    `## ${headings.resolution}\n`,
    `## ${headings.remediation}\n`,
    `## ${headings.moreInformation}\n`,
    `\n---\n`,
    appendix.internalOnly,
    `## ${headings.keyFigures}\n`,
    `## ${headings.internalAppendix}\n`,
  ];
};

describe('renderPostmortem: the Italian example (chat triggers, 31 January 2024)', () => {
  const { incident: chat, entries } = chatTriggersIncident();
  const { markdown, figures } = renderPostmortem(
    chat,
    entries,
    options('it', { names: { U01RELENG: 'Giulia Rossi' } }),
  );

  it('opens with the title and the incident line', () => {
    expect(
      markdown.startsWith(
        '# Errori dei trigger di Chat su più pod\n\nIncidente n. 17 · SEV2 (grave) · Risolto\n',
      ),
    ).toBe(true);
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

  it('reports the key figures worked out by hand, in Italian', () => {
    expect(figures.impactMs).toBe(3 * 3_600_000);
    expect(section(markdown, 'Dati principali').split('\n')).toEqual([
      '- **Durata dell’impatto**: 3 h',
      '- **Tempo dall’inizio dell’impatto al primo aggiornamento pubblico**: 2 h 27 min',
      '- **Tempo di risoluzione (dall’inizio dell’impatto)**: 5 h 25 min',
      '- **Aggiornamenti pubblici**: 3',
      '- **Impegni di aggiornamento rispettati / non rispettati**: 1 / 1',
      '- **Silenzio più lungo tra due aggiornamenti pubblici**: 1 h 34 min (31 gennaio 2024 06:19 UTC → 07:53 UTC)',
      '- **Azioni correttive completate / pianificate**: 0 / 4',
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
    expect(section(markdown, 'Per maggiori informazioni')).toBe(CATALOGS.it.moreInformation);
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
      '- **Dauer der Auswirkungen**: 1 Std. 8 Min.',
      '- **Zeit vom Beginn der Auswirkungen bis zur ersten öffentlichen Statusmeldung**: 1 Std. 32 Min.',
      '- **Zeit bis zur Behebung (ab Beginn der Auswirkungen)**: 2 Std. 11 Min.',
      '- **Öffentliche Statusmeldungen**: 2',
      '- **Zugesagte Statusmeldungen eingehalten / nicht eingehalten**: 1 / 0',
      '- **Längste Pause zwischen öffentlichen Statusmeldungen**: 39 Min. (29. November 2023 22:48 UTC → 23:27 UTC)',
      '- **Korrekturmaßnahmen erledigt / geplant**: 1 / 0',
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
      'Le 14 février 2025, de 11:30 UTC au 15 février 2025 à 06:08 UTC, les clients Sell qui utilisent l’intégration ' +
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
    expect(section(markdown, 'Chiffres clés')).toContain('- **Durée de l’impact** : 18 h 38 min');
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

  describe.each(LOCALES)('%s', (locale) => {
    const messages = CATALOGS[locale];
    it.each(cases.map((c, i) => [c.name, i] as const))(
      'renders %s with the locale’s headings and sentences',
      (_, i) => {
        const { incident: subject, entries } = cases[i]!;
        const { markdown } = renderPostmortem(subject, entries, options(locale));
        expectInOrder(markdown, headingsInOrder(locale));
        expect(section(markdown, messages.headings.summary).startsWith(summaryStarts[locale][i]!)).toBe(true);
        expect(markdown).toContain(`### ${firstStamps[locale][i]}\n`);
        const state = i === 0 ? messages.remediation.planned : messages.remediation.done;
        expect(section(markdown, messages.headings.remediation)).toMatch(
          new RegExp(`\\${state.slice(0, -1)}\\]$`),
        );
        expect(markdown).toContain(messages.moreInformation);
        expect(markdown).toContain(messages.figures.impactDuration);
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
        '_Remarque : cet incident est toujours en cours ; ce brouillon a été généré le 5 mars 2024 à 10:02 UTC._',
    );
    expect(figures.timeToResolveMs).toBeNull();
    expect(section(markdown, 'Chiffres clés')).toContain(
      '- **Délai de résolution (depuis le début de l’impact)** : non disponible',
    );
    expect(markdown).toContain('Incident n° 1 · SEV2 (majeur) · Investigation en cours');
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
  it('keeps text as typed, escaping only what would break the layout or vanish', () => {
    const typed =
      'Rolled back *v2.3* <not html>.\n# not a heading\n---\nThird line: 50% of "EU" users & more, p99 <2 s';
    const { markdown } = renderPostmortem(
      incident({
        title: 'Checkout\n<b>errors</b>',
        declaredAt: at('2024-03-05T08:10:00Z'),
        cause: typed,
        actions: [{ text: 'First line\nsecond line', done: false }],
      }),
      [entry({ occurredAt: at('2024-03-05T08:40:00Z'), text: 'Line one\r\n## also not a heading' })],
      options('en'),
    );
    expect(markdown.startsWith('# Checkout \\<b>errors\\</b>\n')).toBe(true);
    expect(section(markdown, 'Root cause analysis')).toBe(
      'Rolled back *v2.3* \\<not html>.\n\\# not a heading\n\\---\nThird line: 50% of "EU" users & more, p99 <2 s',
    );
    expect(section(markdown, 'Timeline')).toContain('Line one\n\\## also not a heading');
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

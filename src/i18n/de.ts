import type { DayDate, Messages, WindowWords } from './en.js';

// Lowercase words that can open an impact text without being its verb: articles, determiners, pronouns,
// prepositions and the adverbs people start such a text with.
const NOT_A_VERB = new Set(
  (
    'der die das den dem des ein eine einen einem einer eines alle allen aller einige einigen einiger etliche ' +
    'etlichen viele vielen vieler mehrere mehreren manche manchen sämtliche sämtlichen zahlreiche zahlreichen ' +
    'wenige wenigen bestimmte bestimmten diese dieser diesen diesem dieses jene jener kein keine keinen unser ' +
    'unsere unseren unserer ihr ihre ihren ihrer deren dessen es er sie wir man an am auf aus bei beim durch ' +
    'für gegen im in mit nach ohne seit über unter von vom während wegen zu zum zur leider auch nur teilweise ' +
    'zeitweise zeitweilig vereinzelt außerdem zudem dabei dadurch insbesondere hauptsächlich überwiegend'
  ).split(' '),
);

/**
 * German puts the verb right after the time phrase, as the published summaries do ("Am … bis 22:24 UTC hatten
 * Kunden …"). Nouns are capitalized, so an impact text whose first word is lowercase and no article, pronoun,
 * preposition or adverb starts with its verb and follows directly; any other text gets a verb of its own
 * ("… gab es folgende Auswirkungen: Kunden konnten …").
 */
function impactClause(impact: string, verb: string): string {
  const first = /^\p{Ll}+/u.exec(impact)?.[0];
  return first && !NOT_A_VERB.has(first) ? ` ${impact}.` : ` ${verb} folgende Auswirkungen: ${impact}.`;
}

/** The German catalog. */
export const de: Messages = {
  dateLocale: 'de',
  fixDate: (text: string, _day: number): string => text,
  typeset: (text: string): string => text,

  headings: {
    summary: 'Zusammenfassung',
    timeline: 'Zeitlicher Ablauf',
    rootCause: 'Ursachenanalyse',
    resolution: 'Behebung',
    remediation: 'Korrekturmaßnahmen',
    remark: 'Anmerkung',
    moreInfo: 'Weitere Informationen',
    keyFigures: 'Kennzahlen',
    appendix: 'Interner Anhang',
  },

  incidentLine: (number: number, severity: string, status: string): string =>
    `Vorfall Nr. ${number} · ${severity} · ${status}`,
  severity: { 1: 'kritisch', 2: 'schwer', 3: 'mittel', 4: 'gering' },
  status: {
    investigating: 'Untersuchung läuft',
    identified: 'Ursache identifiziert',
    monitoring: 'Überwachung',
    resolved: 'Behoben',
  },
  roles: { commander: 'Incident-Leitung', comms: 'Kommunikation', scribe: 'Protokollführung' },

  summary: {
    sameDay: (w: WindowWords): string =>
      `Am ${w.date.text} von ${w.start} UTC bis ${w.end} UTC${impactClause(w.impact, 'gab es')}`,
    twoDays: (w: WindowWords): string =>
      `Vom ${w.date.text} um ${w.start} UTC bis zum ${w.endDate.text} um ${w.end} UTC${impactClause(w.impact, 'gab es')}`,
    since: (w: WindowWords): string =>
      `Seit dem ${w.date.text} um ${w.start} UTC${impactClause(w.impact, 'gibt es')}`,
  },

  labelValue: (label: string, value: string): string => `${label}: ${value}`,

  notes: {
    prefix: 'Hinweis: ',
    noWindow:
      'Der Zeitraum der Auswirkungen wurde nicht erfasst; die Zeiten reichen von der Meldung bis zur Behebung des Vorfalls.',
    noWindowOpen:
      'Der Zeitraum der Auswirkungen wurde nicht erfasst; als Beginn gilt der Zeitpunkt der Meldung des Vorfalls.',
    noStart:
      'Der Beginn der Auswirkungen wurde nicht erfasst; als Beginn gilt der Zeitpunkt der Meldung des Vorfalls.',
    noEnd:
      'Das Ende der Auswirkungen wurde nicht erfasst; als Ende gilt der Zeitpunkt der Behebung des Vorfalls.',
    open: (date: DayDate, time: string): string =>
      `Dieser Vorfall ist noch nicht abgeschlossen; dieser Entwurf wurde am ${date.text} um ${time} UTC erstellt.`,
  },

  placeholders: {
    impact: '[betroffene Kunden und Art der Auswirkungen: noch zu ergänzen]',
    toBeCompleted: 'Noch zu ergänzen',
    noPublicUpdates: 'Während dieses Vorfalls wurde keine öffentliche Statusmeldung veröffentlicht.',
    noInternalEntries: 'Keine internen Einträge.',
  },

  remediation: {
    done: 'Erledigt',
    planned: 'Geplant',
    owner: (name: string): string => `verantwortlich: ${name}`,
  },

  figures: {
    impactDuration: 'Dauer der Auswirkungen',
    firstUpdateFromImpact: 'Zeit vom Beginn der Auswirkungen bis zur ersten öffentlichen Statusmeldung',
    firstUpdateFromDeclaration: 'Zeit von der Meldung des Vorfalls bis zur ersten öffentlichen Statusmeldung',
    resolveFromImpact: 'Zeit bis zur Behebung (ab Beginn der Auswirkungen)',
    resolveFromDeclaration: 'Zeit bis zur Behebung (ab Meldung des Vorfalls)',
    publicUpdates: 'Öffentliche Statusmeldungen',
    promises: 'Zugesagte Statusmeldungen eingehalten / nicht eingehalten',
    longestSilence: 'Längste Pause zwischen öffentlichen Statusmeldungen',
    untilResolution: 'bis zur Behebung',
    remediation: 'Korrekturmaßnahmen rechtzeitig erledigt / verspätet erledigt / noch offen',
    unknown: 'unbekannt',
    origin: { impact: 'dem Beginn der Auswirkungen', declaration: 'der Meldung des Vorfalls' },
    firstUpdateEarly: (duration: string, origin: string): string =>
      `die erste öffentliche Statusmeldung kam ${duration} vor ${origin}`,
    resolvedEarly: (duration: string, origin: string): string =>
      `die Behebung wurde ${duration} vor ${origin} erfasst`,
    impactReversed: (duration: string): string =>
      `das erfasste Ende der Auswirkungen liegt ${duration} vor ihrem erfassten Beginn`,
  },

  brief: {
    affected: 'Betroffen',
    cause: 'Ursache',
    resolution: 'Behebung',
    openItems: 'Offene Korrekturmaßnahmen',
    openCount: (open: number, total: number): string => `${open} von ${total}`,
    more: (count: number): string => `und ${count} weitere`,
    ongoingSince: (moment: string): string => `andauernd seit ${moment}`,
  },

  appendix: {
    internalOnly:
      'Alles unterhalb dieser Linie ist nur für den internen Gebrauch bestimmt: vor der Veröffentlichung entfernen.',
    deleted: 'gelöscht',
    retracted: 'zurückgezogen',
    unpinned: 'aus der Zeitleiste entfernt',
    editedEarlier: 'bearbeitet; vorher',
    quotes: { open: '„', close: '“' },
    nextUpdate: 'nächste Statusmeldung fällig',
    noNextUpdate: 'keine Statusmeldung zugesagt',
    promise: {
      kept: 'Zusage einer Statusmeldung eingehalten',
      broken: 'Zusage einer Statusmeldung nicht eingehalten',
      due: 'fällig',
    },
    events: {
      declared: 'Vorfall gemeldet',
      reopened: 'Vorfall wieder geöffnet',
      closed: 'Vorfall abgeschlossen',
      impact_started: 'Beginn der Kundenauswirkung',
      impact_ended: 'Ende der Kundenauswirkung',
      impact_described: 'Auswirkung beschrieben',
      promise: 'Update-Zusage',
      reminders_changed: 'Update-Rhythmus geändert',
      snoozed: 'zugesagtes Update verschoben',
    },
    action: { item: 'Maßnahme', added: 'hinzugefügt', done: 'erledigt' },
    notified: 'benachrichtigt',
    cadenceOff: 'aus',
    internalUpdate: 'Interne Statusmeldung',
    kinds: {
      update: 'Öffentliche Statusmeldung',
      status: 'Statusänderung',
      severity: 'Änderung des Schweregrads',
      role: 'Rolle',
      note: 'Notiz',
      pinned: 'Angeheftete Nachricht',
      reminder: 'Erinnerung',
      escalation: 'Eskalation',
      action: 'Korrekturmaßnahme',
      system: 'System',
    },
  },

  moreInformation:
    'Aktuelle Informationen zum Status unserer Systeme finden Sie auf unserer Statusseite. ' +
    'Wenn Sie weitere Fragen zu diesem Vorfall haben, wenden Sie sich bitte an unser Support-Team.',

  durationUnits: { day: 'Tg.', hour: 'Std.', minute: 'Min.', second: 'Sek.', joiner: ' ' },

  summaryMessage: {
    header: (title: string): string => `Postmortem-Entwurf: ${title}`,
    impact: 'Auswirkungen',
    fallback: (title: string): string => `Der Postmortem-Entwurf für „${title}“ ist fertig.`,
  },
};

import type { DayDate, Messages, WindowWords } from './en.js';

/** The German catalog. */
export const de: Messages = {
  dateLocale: 'de',
  fixDate: (text: string, _day: number): string => text,

  headings: {
    summary: 'Zusammenfassung',
    timeline: 'Zeitlicher Ablauf',
    rootCause: 'Ursachenanalyse',
    resolution: 'Behebung',
    remediation: 'Korrekturmaßnahmen',
    keyFigures: 'Kennzahlen',
    internalAppendix: 'Interner Anhang',
    moreInformation: 'Weitere Informationen',
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

  // German puts the verb right after the time phrase, so no comma before the impact text (as in the example).
  summary: {
    sameDay: (w: WindowWords): string => `Am ${w.date.text} von ${w.start} UTC bis ${w.end} UTC ${w.impact}.`,
    twoDays: (w: WindowWords): string =>
      `Vom ${w.date.text} um ${w.start} UTC bis zum ${w.endDate.text} um ${w.end} UTC ${w.impact}.`,
    since: (w: WindowWords): string => `Seit dem ${w.date.text} um ${w.start} UTC ${w.impact}.`,
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
    done: '[Erledigt]',
    planned: '[Geplant]',
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
    remediation: 'Korrekturmaßnahmen erledigt / geplant',
    unknown: 'unbekannt',
  },

  appendix: {
    internalOnly:
      'Alles unterhalb dieser Linie ist nur für den internen Gebrauch bestimmt: vor der Veröffentlichung entfernen.',
    deleted: 'gelöscht',
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

  durationUnits: { day: { one: 'Tag', other: 'Tage' }, hour: 'Std.', minute: 'Min.', second: 'Sek.' },

  summaryMessage: {
    header: (title: string): string => `Postmortem-Entwurf: ${title}`,
    impact: 'Auswirkungen',
    fallback: (title: string): string => `Der Postmortem-Entwurf für „${title}“ ist fertig.`,
  },
};

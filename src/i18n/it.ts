import type { DayDate, Messages, WindowWords } from './en.js';

/** "il 1º marzo": Italian writes the first of the month as an ordinal, with the masculine ordinal indicator. */
function fixItalianDate(text: string, day: number): string {
  return day === 1 ? text.replace(/^1(?=\s)/, '1º') : text;
}

/** An impact text that opens with a capital is a sentence of its own: a colon introduces it, not a comma. */
const lead = (impact: string): string => (/^\p{Lu}/u.test(impact) ? ':' : ',');

/** The article or articulated preposition before a date: "l’8", "dell’11" elide before a vowel sound. */
function withArticle(date: DayDate, plain: string, elided: string): string {
  return date.day === 8 || date.day === 11 ? `${elided}${date.text}` : `${plain} ${date.text}`;
}

/** The Italian catalog. */
export const it: Messages = {
  dateLocale: 'it',
  fixDate: fixItalianDate,
  typeset: (text: string): string => text,

  headings: {
    summary: 'Riepilogo',
    timeline: 'Cronologia',
    rootCause: 'Analisi della causa principale',
    resolution: 'Risoluzione',
    remediation: 'Azioni correttive',
    remark: 'Nota',
    moreInfo: 'Per maggiori informazioni',
    keyFigures: 'Dati principali',
    appendix: 'Appendice interna',
  },

  incidentLine: (number: number, severity: string, status: string): string =>
    `Incidente n. ${number} · ${severity} · ${status}`,
  severity: { 1: 'critico', 2: 'grave', 3: 'moderato', 4: 'lieve' },
  status: {
    investigating: 'Indagine in corso',
    identified: 'Causa identificata',
    monitoring: 'Monitoraggio',
    resolved: 'Risolto',
  },
  roles: {
    commander: 'responsabile dell’incidente',
    comms: 'responsabile della comunicazione',
    scribe: 'verbalizzatore',
  },

  summary: {
    sameDay: (w: WindowWords): string =>
      `${withArticle(w.date, 'Il', 'L’')}, dalle ${w.start} UTC alle ${w.end} UTC${lead(w.impact)} ${w.impact}.`,
    twoDays: (w: WindowWords): string =>
      `${withArticle(w.date, 'Il', 'L’')}, dalle ${w.start} UTC alle ${w.end} UTC ${withArticle(w.endDate, 'del', 'dell’')}${lead(w.impact)} ${w.impact}.`,
    since: (w: WindowWords): string =>
      `${withArticle(w.date, 'Dal', 'Dall’')} alle ${w.start} UTC${lead(w.impact)} ${w.impact}.`,
  },

  labelValue: (label: string, value: string): string => `${label}: ${value}`,

  notes: {
    prefix: 'Nota: ',
    noWindow:
      'la finestra di impatto non è stata registrata; gli orari vanno dalla dichiarazione alla risoluzione dell’incidente.',
    noWindowOpen:
      'la finestra di impatto non è stata registrata; l’orario di inizio è quello della dichiarazione dell’incidente.',
    noStart:
      'l’inizio dell’impatto non è stato registrato; l’orario di inizio è quello della dichiarazione dell’incidente.',
    noEnd:
      'la fine dell’impatto non è stata registrata; l’orario di fine è quello della risoluzione dell’incidente.',
    open: (date: DayDate, time: string): string =>
      `questo incidente è ancora aperto; questa bozza è stata generata ${withArticle(date, 'il', 'l’')} alle ${time} UTC.`,
  },

  placeholders: {
    impact: '[clienti interessati e tipo di impatto: da completare]',
    toBeCompleted: 'Da completare',
    noPublicUpdates: 'Durante questo incidente non è stato pubblicato alcun aggiornamento pubblico.',
    noInternalEntries: 'Nessuna voce interna.',
  },

  remediation: {
    done: 'Completato',
    planned: 'Pianificato',
    owner: (name: string): string => `responsabile: ${name}`,
  },

  figures: {
    impactDuration: 'Durata dell’impatto',
    firstUpdateFromImpact: 'Tempo dall’inizio dell’impatto al primo aggiornamento pubblico',
    firstUpdateFromDeclaration: 'Tempo dalla dichiarazione al primo aggiornamento pubblico',
    resolveFromImpact: 'Tempo di risoluzione (dall’inizio dell’impatto)',
    resolveFromDeclaration: 'Tempo di risoluzione (dalla dichiarazione)',
    publicUpdates: 'Aggiornamenti pubblici',
    promises: 'Impegni di aggiornamento rispettati / non rispettati',
    longestSilence: 'Silenzio più lungo tra due aggiornamenti pubblici',
    untilResolution: 'fino alla risoluzione',
    remediation: 'Azioni correttive completate in tempo / in ritardo / ancora aperte',
    unknown: 'non disponibile',
    origin: { impact: 'dell’inizio dell’impatto', declaration: 'della dichiarazione' },
    firstUpdateEarly: (duration: string, origin: string): string =>
      `il primo aggiornamento pubblico è arrivato ${duration} prima ${origin}`,
    resolvedEarly: (duration: string, origin: string): string =>
      `la risoluzione è stata registrata ${duration} prima ${origin}`,
    impactReversed: (duration: string): string =>
      `la fine dell’impatto registrata precede di ${duration} l’inizio registrato`,
  },

  brief: {
    affected: 'Clienti interessati',
    cause: 'Causa',
    resolution: 'Risoluzione',
    openItems: 'Azioni correttive aperte',
    openCount: (open: number, total: number): string => `${open} su ${total}`,
    more: (count: number): string => `e altre ${count}`,
    ongoingSince: (moment: string): string => `in corso dal ${moment}`,
  },

  appendix: {
    internalOnly: 'Tutto ciò che segue questa riga è per uso interno: rimuoverlo prima della pubblicazione.',
    deleted: 'eliminato',
    retracted: 'ritirato',
    unpinned: 'rimosso dalla cronologia',
    editedEarlier: 'modificato; prima',
    quotes: { open: '«', close: '»' },
    nextUpdate: 'prossimo aggiornamento previsto',
    noNextUpdate: 'nessun aggiornamento promesso',
    promise: {
      kept: 'impegno di aggiornamento rispettato',
      broken: 'impegno di aggiornamento non rispettato',
      due: 'scadenza',
    },
    events: {
      declared: 'incidente dichiarato',
      reopened: 'incidente riaperto',
      closed: 'incidente chiuso',
      impact_started: 'inizio dell’impatto sui clienti',
      impact_ended: 'fine dell’impatto sui clienti',
      impact_described: 'impatto descritto',
      promise: 'impegno di aggiornamento',
      reminders_changed: 'cadenza degli aggiornamenti modificata',
      snoozed: 'aggiornamento promesso rinviato',
    },
    action: { item: 'elemento', added: 'aggiunto', done: 'completato' },
    notified: 'avvisati',
    cadenceOff: 'disattivata',
    internalUpdate: 'Aggiornamento interno',
    kinds: {
      update: 'Aggiornamento pubblico',
      status: 'Cambio di stato',
      severity: 'Cambio di gravità',
      role: 'Ruolo',
      note: 'Nota',
      pinned: 'Messaggio fissato',
      reminder: 'Promemoria',
      escalation: 'Escalation',
      action: 'Azione correttiva',
      system: 'Sistema',
    },
  },

  moreInformation:
    'Per informazioni sullo stato attuale dei nostri sistemi, consulta la nostra pagina di stato. ' +
    'Per ulteriori domande su questo incidente, contatta il nostro team di assistenza.',

  durationUnits: { day: 'g', hour: 'h', minute: 'min', second: 's', joiner: ' ' },

  summaryMessage: {
    header: (title: string): string => `Bozza del post mortem: ${title}`,
    impact: 'Impatto',
    fallback: (title: string): string => `La bozza del post mortem di «${title}» è pronta.`,
  },
};

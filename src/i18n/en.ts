/** A date already written in the locale's words, with its day of the month for grammar (articles, ordinals). */
export interface DayDate {
  text: string;
  day: number;
}

/** The parts of the Summary's impact-window sentence; times are `HH:mm` in UTC, `impact` ends without a full stop. */
export interface WindowWords {
  date: DayDate;
  start: string;
  end: string;
  endDate: DayDate;
  impact: string;
}

/** An impact text that opens with a capital is a sentence of its own: a colon introduces it, not a comma. */
const isSentence = (impact: string): boolean => /^\p{Lu}/u.test(impact);

/** The English catalog; every other locale is typed against it, so a missing key does not compile. */
export const en = {
  /** BCP 47 tag for Intl date formatting and long zone names: British English writes "31 January 2024". */
  dateLocale: 'en-GB',
  /** Rewrites a formatted date where the locale's usage differs from Intl's (e.g. French "1er"). */
  fixDate: (text: string, _day: number): string => text,
  /** The locale's typography applied to house text from the template (French spaces before `:` `;` `!` `?`). */
  typeset: (text: string): string => text,

  // The keys are the ones a template's `headings` may override.
  headings: {
    summary: 'Summary',
    timeline: 'Timeline',
    rootCause: 'Root cause analysis',
    resolution: 'Resolution',
    remediation: 'Remediation items',
    remark: 'Remark',
    moreInfo: 'For more information',
    keyFigures: 'Key figures',
    appendix: 'Internal appendix',
  },

  incidentLine: (number: number, severity: string, status: string): string =>
    `Incident #${number} · ${severity} · ${status}`,
  severity: { 1: 'critical', 2: 'major', 3: 'minor', 4: 'low' },
  status: {
    investigating: 'Investigating',
    identified: 'Identified',
    monitoring: 'Monitoring',
    resolved: 'Resolved',
  },
  roles: { commander: 'incident commander', comms: 'communications lead', scribe: 'scribe' },

  summary: {
    sameDay: (w: WindowWords): string =>
      `On ${w.date.text}, from ${w.start} UTC to ${w.end} UTC${isSentence(w.impact) ? ':' : ','} ${w.impact}.`,
    twoDays: (w: WindowWords): string =>
      `On ${w.date.text}, from ${w.start} UTC to ${w.end} UTC on ${w.endDate.text}${isSentence(w.impact) ? ':' : ','} ${w.impact}.`,
    since: (w: WindowWords): string =>
      `Since ${w.date.text} at ${w.start} UTC${isSentence(w.impact) ? ':' : ','} ${w.impact}.`,
  },

  /** How a label and its value are joined (French puts a space before the colon). */
  labelValue: (label: string, value: string): string => `${label}: ${value}`,

  notes: {
    prefix: 'Note: ',
    noWindow: 'the impact window was not recorded; times are from declaration to resolution.',
    noWindowOpen: 'the impact window was not recorded; the start time is when the incident was declared.',
    noStart: 'the start of the impact was not recorded; the start time is when the incident was declared.',
    noEnd: 'the end of the impact was not recorded; the end time is when the incident was resolved.',
    open: (date: DayDate, time: string): string =>
      `this incident is still open; this draft was generated on ${date.text} at ${time} UTC.`,
  },

  placeholders: {
    impact: '[who was affected, and how: to be completed]',
    toBeCompleted: 'To be completed',
    noPublicUpdates: 'No public update was posted during this incident.',
    noInternalEntries: 'No internal entries.',
  },

  // The states are printed in square brackets; a template's `states` may override them.
  remediation: {
    done: 'Done',
    planned: 'Planned',
    owner: (name: string): string => `owner: ${name}`,
  },

  figures: {
    impactDuration: 'Impact duration',
    firstUpdateFromImpact: 'Time from impact start to first public update',
    firstUpdateFromDeclaration: 'Time from declaration to first public update',
    resolveFromImpact: 'Time to resolve (from impact start)',
    resolveFromDeclaration: 'Time to resolve (from declaration)',
    publicUpdates: 'Public updates',
    promises: 'Update promises kept / broken',
    longestSilence: 'Longest silence between public updates',
    untilResolution: 'until resolution',
    remediation: 'Remediation items done on time / late / still open',
    unknown: 'unknown',
    /** What the time figures are measured from, as the object of "before". */
    origin: { impact: 'the impact start', declaration: 'the declaration' },
    // A figure that would be negative is said in words.
    firstUpdateEarly: (duration: string, origin: string): string =>
      `the first public update came ${duration} before ${origin}`,
    resolvedEarly: (duration: string, origin: string): string =>
      `the resolution was recorded ${duration} before ${origin}`,
    impactReversed: (duration: string): string =>
      `the recorded end of the impact is ${duration} before its recorded start`,
  },

  /** The executives' brief: the impact, the cause, what is still open and the figures, in a few lines. */
  brief: {
    affected: 'Who was affected',
    cause: 'Cause',
    resolution: 'Resolution',
    openItems: 'Open remediation items',
    openCount: (open: number, total: number): string => `${open} of ${total}`,
    more: (count: number): string => `and ${count} more`,
    ongoingSince: (moment: string): string => `ongoing since ${moment}`,
  },

  appendix: {
    internalOnly: 'Everything below this line is for internal use: remove it before publishing.',
    deleted: 'deleted',
    retracted: 'retracted',
    unpinned: 'removed from the timeline',
    editedEarlier: 'edited; earlier',
    quotes: { open: '“', close: '”' },
    nextUpdate: 'next update due',
    noNextUpdate: 'no update promised',
    promise: { kept: 'update promise kept', broken: 'update promise broken', due: 'due' },
    events: {
      declared: 'incident declared',
      reopened: 'incident reopened',
      closed: 'incident closed',
      impact_started: 'customer impact started',
      impact_ended: 'customer impact ended',
      impact_described: 'impact described',
      promise: 'update promise',
      reminders_changed: 'update cadence changed',
      snoozed: 'promised update pushed back',
    },
    action: { item: 'item', added: 'added', done: 'done' },
    notified: 'notified',
    cadenceOff: 'off',
    internalUpdate: 'Internal update',
    kinds: {
      update: 'Public update',
      status: 'Status change',
      severity: 'Severity change',
      role: 'Role',
      note: 'Note',
      pinned: 'Pinned message',
      reminder: 'Reminder',
      escalation: 'Escalation',
      action: 'Remediation item',
      system: 'System',
    },
  },

  moreInformation:
    'For current information about the status of our systems, see our status page. ' +
    'If you have further questions about this incident, please contact our support team.',

  /**
   * Durations in one style, every unit abbreviated as the locale writes it (`3 d 6 h 27 min`); `joiner` goes between
   * a number and its unit and between units (French wants a no-break space).
   */
  durationUnits: { day: 'd', hour: 'h', minute: 'min', second: 's', joiner: ' ' },

  summaryMessage: {
    header: (title: string): string => `Postmortem draft: ${title}`,
    impact: 'Impact',
    fallback: (title: string): string => `The postmortem draft for "${title}" is ready.`,
  },
};

/** The shape every locale's catalog has. */
export type Messages = typeof en;

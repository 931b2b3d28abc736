import type { DayDate, Messages, WindowWords } from './en.js';

// French typography: a narrow no-break space before : ; ! ? and inside « », a no-break space between a number
// and its unit or sign ("5 h 12 min", "n° 3"). Written out in the fixed text below; `typeset` applies it to house
// text from a template. What people typed is never touched.
const NNBSP = '\u202f';
const NBSP = '\u00a0';

/** "le 1er février": French writes the first of the month as an ordinal. */
function fixFrenchDate(text: string, day: number): string {
  return day === 1 ? text.replace(/^1(?=\s)/, '1er') : text;
}

/** French spaces in house text: before `: ; ! ?`, inside guillemets, after "n°". */
function typesetFrench(text: string): string {
  return (
    text
      // Only where a space was typed, so URLs and times ("https://", "10:20") stay as they are.
      .replace(/[ \u00a0\u202f]+([:;!?])/g, `${NNBSP}$1`)
      .replace(/«[ \u00a0\u202f]*/g, `«${NNBSP}`)
      .replace(/[ \u00a0\u202f]*»/g, `${NNBSP}»`)
      .replace(/\bn°[ \u00a0\u202f]*(?=\d)/g, `n°${NBSP}`)
  );
}

/** An impact text that opens with a capital is a sentence of its own: a colon introduces it, not a comma. */
const lead = (impact: string): string => (/^\p{Lu}/u.test(impact) ? `${NNBSP}:` : ',');

/** The French catalog. */
export const fr: Messages = {
  dateLocale: 'fr',
  fixDate: fixFrenchDate,
  typeset: typesetFrench,

  headings: {
    summary: 'Résumé',
    timeline: 'Chronologie',
    rootCause: 'Analyse de la cause profonde',
    resolution: 'Résolution',
    remediation: 'Actions correctives',
    remark: 'Remarque',
    moreInfo: 'Pour en savoir plus',
    keyFigures: 'Chiffres clés',
    appendix: 'Annexe interne',
  },

  incidentLine: (number: number, severity: string, status: string): string =>
    `Incident n°${NBSP}${number} · ${severity} · ${status}`,
  severity: { 1: 'critique', 2: 'majeur', 3: 'mineur', 4: 'faible' },
  status: {
    investigating: 'Enquête en cours',
    identified: 'Problème identifié',
    monitoring: 'Sous surveillance',
    resolved: 'Résolu',
  },
  roles: {
    commander: 'responsable de l’incident',
    comms: 'responsable de la communication',
    scribe: 'rédacteur',
  },

  summary: {
    sameDay: (w: WindowWords): string =>
      `Le ${w.date.text}, de ${w.start} UTC à ${w.end} UTC${lead(w.impact)} ${w.impact}.`,
    twoDays: (w: WindowWords): string =>
      `Du ${w.date.text} à ${w.start} UTC au ${w.endDate.text} à ${w.end} UTC${lead(w.impact)} ${w.impact}.`,
    since: (w: WindowWords): string =>
      `Depuis le ${w.date.text} à ${w.start} UTC${lead(w.impact)} ${w.impact}.`,
  },

  labelValue: (label: string, value: string): string => `${label}${NNBSP}: ${value}`,

  notes: {
    prefix: `Remarque${NNBSP}: `,
    noWindow: `la période d’impact n’a pas été renseignée${NNBSP}; les heures indiquées vont de la déclaration à la résolution de l’incident.`,
    noWindowOpen: `la période d’impact n’a pas été renseignée${NNBSP}; l’heure de début est celle de la déclaration de l’incident.`,
    noStart: `le début de l’impact n’a pas été renseigné${NNBSP}; l’heure de début est celle de la déclaration de l’incident.`,
    noEnd: `la fin de l’impact n’a pas été renseignée${NNBSP}; l’heure de fin est celle de la résolution de l’incident.`,
    open: (date: DayDate, time: string): string =>
      `cet incident est toujours en cours${NNBSP}; ce brouillon a été généré le ${date.text} à ${time} UTC.`,
  },

  placeholders: {
    impact: `[clients concernés et nature de l’impact${NNBSP}: à compléter]`,
    toBeCompleted: 'À compléter',
    noPublicUpdates: 'Aucune mise à jour publique n’a été publiée pendant cet incident.',
    noInternalEntries: 'Aucune entrée interne.',
  },

  remediation: {
    done: 'Terminé',
    planned: 'Prévu',
    owner: (name: string): string => `responsable${NNBSP}: ${name}`,
  },

  figures: {
    impactDuration: 'Durée de l’impact',
    firstUpdateFromImpact: 'Délai entre le début de l’impact et la première mise à jour publique',
    firstUpdateFromDeclaration: 'Délai entre la déclaration et la première mise à jour publique',
    resolveFromImpact: 'Délai de résolution (depuis le début de l’impact)',
    resolveFromDeclaration: 'Délai de résolution (depuis la déclaration)',
    publicUpdates: 'Mises à jour publiques',
    promises: 'Engagements de mise à jour tenus / non tenus',
    longestSilence: 'Plus long silence entre deux mises à jour publiques',
    untilResolution: 'jusqu’à la résolution',
    remediation: 'Actions correctives terminées à temps / en retard / encore ouvertes',
    unknown: 'non disponible',
    origin: { impact: 'le début de l’impact', declaration: 'la déclaration' },
    firstUpdateEarly: (duration: string, origin: string): string =>
      `la première mise à jour publique a été publiée ${duration} avant ${origin}`,
    resolvedEarly: (duration: string, origin: string): string =>
      `la résolution a été enregistrée ${duration} avant ${origin}`,
    impactReversed: (duration: string): string =>
      `la fin de l’impact enregistrée précède de ${duration} son début enregistré`,
  },

  brief: {
    affected: 'Clients concernés',
    cause: 'Cause',
    resolution: 'Résolution',
    openItems: 'Actions correctives en cours',
    openCount: (open: number, total: number): string => `${open} sur ${total}`,
    more: (count: number): string => `et ${count} de plus`,
    ongoingSince: (moment: string): string => `en cours depuis le ${moment}`,
  },

  appendix: {
    internalOnly: `Tout ce qui suit cette ligne est à usage interne${NNBSP}: supprimez-le avant publication.`,
    deleted: 'supprimé',
    retracted: 'retiré',
    unpinned: 'retiré de la chronologie',
    editedEarlier: `modifié${NNBSP}; auparavant`,
    quotes: { open: `«${NNBSP}`, close: `${NNBSP}»` },
    nextUpdate: 'prochaine mise à jour attendue',
    noNextUpdate: 'aucune mise à jour promise',
    promise: {
      kept: 'engagement de mise à jour tenu',
      broken: 'engagement de mise à jour non tenu',
      due: 'échéance',
    },
    events: {
      declared: 'incident déclaré',
      reopened: 'incident rouvert',
      closed: 'incident clos',
      impact_started: 'début de l’impact client',
      impact_ended: 'fin de l’impact client',
      impact_described: 'impact décrit',
      promise: 'engagement de mise à jour',
      reminders_changed: 'rythme des mises à jour modifié',
      snoozed: 'mise à jour promise repoussée',
    },
    action: { item: 'action', added: 'ajoutée', done: 'terminée' },
    notified: 'prévenus',
    cadenceOff: 'désactivé',
    internalUpdate: 'Mise à jour interne',
    kinds: {
      update: 'Mise à jour publique',
      status: 'Changement de statut',
      severity: 'Changement de gravité',
      role: 'Rôle',
      note: 'Note',
      pinned: 'Message épinglé',
      reminder: 'Rappel',
      escalation: 'Escalade',
      action: 'Action corrective',
      system: 'Système',
    },
  },

  moreInformation:
    'Pour des informations sur l’état actuel de nos systèmes, consultez notre page de statut. ' +
    'Si vous avez d’autres questions au sujet de cet incident, contactez notre équipe d’assistance.',

  durationUnits: { day: 'j', hour: 'h', minute: 'min', second: 's', joiner: NBSP },

  summaryMessage: {
    header: (title: string): string => `Brouillon du post-mortem${NNBSP}: ${title}`,
    impact: 'Impact',
    fallback: (title: string): string =>
      `Le brouillon du post-mortem de «${NNBSP}${title}${NNBSP}» est prêt.`,
  },
};

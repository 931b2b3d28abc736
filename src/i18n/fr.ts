import type { DayDate, Messages, WindowWords } from './en.js';

/** "le 1er février": French writes the first of the month as an ordinal. */
function fixFrenchDate(text: string, day: number): string {
  return day === 1 ? text.replace(/^1(?=\s)/, '1er') : text;
}

/** The French catalog. */
export const fr: Messages = {
  dateLocale: 'fr',
  fixDate: fixFrenchDate,

  headings: {
    summary: 'Résumé',
    timeline: 'Chronologie',
    rootCause: 'Analyse de la cause profonde',
    resolution: 'Résolution',
    remediation: 'Actions correctives',
    keyFigures: 'Chiffres clés',
    internalAppendix: 'Annexe interne',
    moreInformation: 'Pour en savoir plus',
  },

  incidentLine: (number: number, severity: string, status: string): string =>
    `Incident n° ${number} · ${severity} · ${status}`,
  severity: { 1: 'critique', 2: 'majeur', 3: 'mineur', 4: 'faible' },
  status: {
    investigating: 'Investigation en cours',
    identified: 'Problème identifié',
    monitoring: 'Surveillance',
    resolved: 'Résolu',
  },
  roles: {
    commander: 'responsable de l’incident',
    comms: 'responsable de la communication',
    scribe: 'rédacteur',
  },

  summary: {
    sameDay: (w: WindowWords): string => `Le ${w.date.text}, de ${w.start} UTC à ${w.end} UTC, ${w.impact}.`,
    twoDays: (w: WindowWords): string =>
      `Le ${w.date.text}, de ${w.start} UTC au ${w.endDate.text} à ${w.end} UTC, ${w.impact}.`,
    since: (w: WindowWords): string => `Depuis le ${w.date.text} à ${w.start} UTC, ${w.impact}.`,
  },

  labelValue: (label: string, value: string): string => `${label} : ${value}`,

  notes: {
    prefix: 'Remarque : ',
    noWindow:
      'la période d’impact n’a pas été renseignée ; les heures indiquées vont de la déclaration à la résolution de l’incident.',
    noWindowOpen:
      'la période d’impact n’a pas été renseignée ; l’heure de début est celle de la déclaration de l’incident.',
    noStart:
      'le début de l’impact n’a pas été renseigné ; l’heure de début est celle de la déclaration de l’incident.',
    noEnd:
      'la fin de l’impact n’a pas été renseignée ; l’heure de fin est celle de la résolution de l’incident.',
    open: (date: DayDate, time: string): string =>
      `cet incident est toujours en cours ; ce brouillon a été généré le ${date.text} à ${time} UTC.`,
  },

  placeholders: {
    impact: '[clients concernés et nature de l’impact : à compléter]',
    toBeCompleted: 'À compléter',
    noPublicUpdates: 'Aucune mise à jour publique n’a été publiée pendant cet incident.',
    noInternalEntries: 'Aucune entrée interne.',
  },

  remediation: {
    done: '[Terminé]',
    planned: '[Prévu]',
    owner: (name: string): string => `responsable : ${name}`,
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
    remediation: 'Actions correctives terminées / prévues',
    unknown: 'non disponible',
  },

  appendix: {
    internalOnly: 'Tout ce qui suit cette ligne est à usage interne : supprimez-le avant publication.',
    deleted: 'supprimé',
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

  durationUnits: { day: { one: 'jour', other: 'jours' }, hour: 'h', minute: 'min', second: 's' },

  summaryMessage: {
    header: (title: string): string => `Brouillon du post-mortem : ${title}`,
    impact: 'Impact',
    fallback: (title: string): string => `Le brouillon du post-mortem de « ${title} » est prêt.`,
  },
};

import type { PostmortemEntry, PostmortemIncident } from '../../../src/services/postmortem/key-figures.js';

/** A Date from an ISO string, so fixtures read like the published postmortems. */
export const at = (iso: string): Date => new Date(iso);

/** A timeline entry with the defaults of a public update typed by a responder. */
export function entry(
  fields: Partial<PostmortemEntry> & Pick<PostmortemEntry, 'occurredAt'>,
): PostmortemEntry {
  return { kind: 'update', text: '', public: true, recordedAt: fields.occurredAt, ...fields };
}

/** An incident with nothing recorded beyond its declaration. */
export function incident(
  fields: Partial<PostmortemIncident> & Pick<PostmortemIncident, 'declaredAt'>,
): PostmortemIncident {
  return {
    number: 1,
    title: 'Incident',
    severity: 2,
    status: 'investigating',
    impact: {},
    actions: [],
    ...fields,
  };
}

/**
 * "Chat triggers" (Italian example, 31 January 2024): impact 03:52–06:52 UTC, public updates at 06:19, 07:53
 * and 09:17 UTC, four remediation items, all planned. Declared 04:30, resolved 09:17.
 */
export function chatTriggersIncident(): { incident: PostmortemIncident; entries: PostmortemEntry[] } {
  return {
    incident: incident({
      number: 17,
      title: 'Errori dei trigger di Chat su più pod',
      severity: 2,
      status: 'resolved',
      declaredAt: at('2024-01-31T04:30:00Z'),
      resolvedAt: at('2024-01-31T09:17:00Z'),
      impact: {
        startedAt: at('2024-01-31T03:52:00Z'),
        endedAt: at('2024-01-31T06:52:00Z'),
        text:
          'i clienti Zendesk Chat su più pod potrebbero riscontrare errori con i trigger di Chat che influiscono su ' +
          'funzionalità come l’indirizzamento delle chat, l’impostazione dei reparti e i messaggi offline',
      },
      cause:
        'Questo incidente è stato causato dall’introduzione di una nuova configurazione di autenticazione interna nel ' +
        'servizio trigger di Chat. Nonostante il test di questa modifica al codice nel nostro ambiente di staging, il ' +
        'problema non è stato rilevato perché le vecchie credenziali di autenticazione rimangono valide per un periodo ' +
        'di tempo prolungato oltre la nostra fase di test.',
      resolution:
        'Per risolvere questo problema, il nostro team ha identificato la modifica errata del codice e l’ha ripristinata.',
      actions: [
        {
          text: 'Aggiorna il processo di distribuzione con tempi di attesa più lunghi negli ambienti di pre-produzione',
          ownerId: 'U01RELENG',
          done: false,
        },
        { text: 'Implementazione di avvisi aggiuntivi', done: false },
        { text: 'Meccanismo di analisi per i riavvii paralleli degli host', done: false },
        { text: 'Aggiorna runbook interni', ownerId: 'U02DOCS', done: false },
      ],
    }),
    entries: [
      entry({
        occurredAt: at('2024-01-31T09:17:00Z'),
        status: 'resolved',
        authorId: 'U03IC',
        text:
          'La soluzione implementata ha risolto tutti i problemi con i trigger di Chat in tutti i pod. Considereremo ' +
          'ora questo incidente come concluso. Grazie per la pazienza dimostrata.',
      }),
      entry({
        occurredAt: at('2024-01-31T06:19:00Z'),
        status: 'investigating',
        authorId: 'U03IC',
        text:
          'Stiamo esaminando un problema che riguarda la creazione, l’aggiornamento e l’esecuzione dei trigger di Chat ' +
          'su più pod. I clienti potrebbero riscontrare problemi con l’indirizzamento di Chat, la messaggistica ' +
          'proattiva, l’impostazione dei reparti e altre azioni correlate. Forniremo un aggiornamento su questo ' +
          'problema il prima possibile.',
      }),
      entry({
        occurredAt: at('2024-01-31T07:53:00Z'),
        status: 'monitoring',
        authorId: 'U03IC',
        text:
          'Abbiamo risolto il problema con i trigger di Chat su tutti i pod e siamo attualmente in fase di recupero. ' +
          'Le azioni dei trigger di chat, come l’indirizzamento, l’impostazione dei reparti e i messaggi offline, ' +
          'dovrebbero funzionare per tutte le nuove chat. Una volta completata la soluzione, verrà pubblicato un ' +
          'aggiornamento finale.',
      }),
      entry({
        kind: 'note',
        public: false,
        occurredAt: at('2024-01-31T05:40:00Z'),
        authorId: 'U04SRE',
        text: 'Errori 401 dal servizio trigger dopo il deploy delle 03:45.',
      }),
      entry({
        kind: 'role',
        public: false,
        occurredAt: at('2024-01-31T04:31:00Z'),
        authorId: 'U03IC',
        text: '',
        role: { role: 'commander', userId: 'U03IC' },
      }),
      // The promise made at 06:19 (next update by 06:49) was broken; the one made at 07:53 (by 09:23) was kept.
      entry({
        kind: 'system',
        public: false,
        occurredAt: at('2024-01-31T06:49:00Z'),
        text: '',
        promise: { dueAt: at('2024-01-31T06:49:00Z'), outcome: 'broken' },
      }),
      entry({
        kind: 'system',
        public: false,
        occurredAt: at('2024-01-31T09:17:00Z'),
        recordedAt: at('2024-01-31T09:17:01Z'),
        text: '',
        promise: { dueAt: at('2024-01-31T09:23:00Z'), outcome: 'kept' },
      }),
    ],
  };
}

/**
 * "Customer context panel" (German example, 29 November 2023): impact 21:16–22:24 UTC, public updates at 22:48
 * and 23:27 UTC, one remediation item done. Declared 22:40, resolved 23:27.
 */
export function contextPanelIncident(): { incident: PostmortemIncident; entries: PostmortemEntry[] } {
  return {
    incident: incident({
      number: 9,
      title: 'Kundenkontextbereich zeigt „Keine Benutzer gefunden“',
      severity: 3,
      status: 'resolved',
      declaredAt: at('2023-11-29T22:40:00Z'),
      resolvedAt: at('2023-11-29T23:27:00Z'),
      impact: {
        startedAt: at('2023-11-29T21:16:00Z'),
        endedAt: at('2023-11-29T22:24:00Z'),
        text:
          'hatten Zendesk Support-Kunden in mehreren Pods Probleme mit dem Kundenkontextbereich, der den Fehler ' +
          '„Keine Benutzer gefunden“ anzeigte, was auch das Hinzufügen von CCs zu Tickets beeinträchtigen konnte.',
      },
      cause:
        'Dieser Vorfall wurde durch einen Fehler verursacht, der beim Testen übersehen wurde. Es wurde eine neue ' +
        'Funktion eingeführt, bei der beim Einreichen eines Tickets ein Modalfenster erscheint, wenn bestimmte ' +
        'Bedingungen erfüllt sind. Der Fehler führte dazu, dass das Modal in einigen Szenarien versehentlich geladen ' +
        'wurde, was sich auf das Kundenkontextfenster und CCs auswirkte.',
      resolution:
        'Um das Problem zu beheben, haben wir ein Rollback auf eine frühere, stabile Version der Software ' +
        'durchgeführt. Danach konnten wir eine erfolgreiche Wiederherstellung beobachten.',
      actions: [
        {
          text: 'Hinzufügen eines Tests, um das Kundenkontextszenario für diese Funktion abzudecken',
          ownerId: 'U05QA',
          done: true,
        },
      ],
    }),
    entries: [
      entry({
        occurredAt: at('2023-11-29T22:48:00Z'),
        status: 'monitoring',
        text:
          'Wir haben ein Problem beim Zugriff auf das Kundenkontextfenster identifiziert und gelöst. Kunden hatten ' +
          'möglicherweise zwischen 21:16 UTC und 22:24 UTC Probleme. Wir entschuldigen uns für die daraus ' +
          'resultierenden Unannehmlichkeiten.',
      }),
      entry({
        occurredAt: at('2023-11-29T23:27:00Z'),
        status: 'resolved',
        text:
          'Wir haben festgestellt, dass sich das Problem, das sich auf das Kundenkontextfenster auswirkt, auch auf ' +
          'das Hinzufügen von CCs zu Tickets auswirkt. Die verursachende Änderung wurde rückgängig gemacht und ' +
          'beide Probleme sind jetzt behoben.',
      }),
      // The 22:48 update promised the next one within 60 minutes (by 23:48); it came at 23:27.
      entry({
        kind: 'system',
        public: false,
        occurredAt: at('2023-11-29T23:27:00Z'),
        recordedAt: at('2023-11-29T23:27:02Z'),
        promise: { dueAt: at('2023-11-29T23:48:00Z'), outcome: 'kept' },
      }),
      entry({
        kind: 'severity',
        public: false,
        occurredAt: at('2023-11-29T22:41:00Z'),
        authorId: 'U06ONCALL',
        severity: 3,
      }),
    ],
  };
}

/**
 * "Outbound email" (French example): impact from 14 February 2025 11:30 UTC to 15 February 06:08 UTC, public
 * updates at 01:54, 02:08 and 06:07 UTC on 15 February, which is still 14 February in the Pacific zone.
 */
export function outboundEmailIncident(): { incident: PostmortemIncident; entries: PostmortemEntry[] } {
  return {
    incident: incident({
      number: 31,
      title: 'Problèmes d’envoi d’e-mails dans Sell',
      status: 'resolved',
      declaredAt: at('2025-02-15T01:40:00Z'),
      resolvedAt: at('2025-02-15T06:08:00Z'),
      impact: {
        startedAt: at('2025-02-14T11:30:00Z'),
        endedAt: at('2025-02-15T06:08:00Z'),
        text:
          'les clients Sell qui utilisent l’intégration Office 365 via OAuth ont rencontré des problèmes pour ' +
          'envoyer et synchroniser les e-mails dans Sell',
      },
      cause: 'Cet incident est dû à l’expiration des secrets OAuth2 générés dans le portail Microsoft Azure.',
      resolution:
        'L’équipe a renouvelé les identifiants arrivés à expiration et redéployé les services affectés.',
      actions: [
        { text: 'Mettre en place des alertes d’expiration des identifiants OAuth2', done: false },
        { text: 'Donner accès au portail Azure à l’équipe Sell', done: true },
      ],
    }),
    entries: [
      entry({
        occurredAt: at('2025-02-15T06:07:00Z'),
        text: 'Nous sommes heureux de vous signaler que tous les problèmes d’e-mails sortants affectant Sell ont été résolus.',
      }),
      entry({
        occurredAt: at('2025-02-15T01:54:00Z'),
        text: 'Notre équipe a identifié un problème lié au service d’e-mail sortant qui affecte les clients Sell.',
      }),
      entry({
        occurredAt: at('2025-02-15T02:08:00Z'),
        text: 'Nous avons déployé un correctif pour les problèmes d’e-mails sortants rencontrés.',
      }),
    ],
  };
}

/**
 * The telephony outage (11 September 2024), replayed as the bot stores it with a 30-minute cadence: impact
 * 22:57 UTC on the 10th to 04:09 UTC, six public updates from 01:20 (promising 30, 30 and 60 minutes in their
 * words, the others falling back to the cadence), resolved at 04:10. The incident was declared at 01:41, 21 minutes
 * after the first update went out from the status page.
 */
export function telephonyOutageIncident(): { incident: PostmortemIncident; entries: PostmortemEntry[] } {
  const update = (
    time: string,
    dueTime: string | null,
    source: 'text' | 'cadence',
    fields: Partial<PostmortemEntry>,
  ): PostmortemEntry =>
    entry({
      occurredAt: at(`2024-09-11T${time}Z`),
      authorId: 'U07COMMS',
      nextUpdate: { dueAt: dueTime ? at(`2024-09-11T${dueTime}Z`) : null, source },
      ...fields,
    });
  return {
    incident: incident({
      number: 3,
      title: 'Talk: calls could not be made or received',
      severity: 1,
      status: 'resolved',
      declaredAt: at('2024-09-11T01:41:00Z'),
      resolvedAt: at('2024-09-11T04:10:00Z'),
      impact: {
        startedAt: at('2024-09-10T22:57:00Z'),
        endedAt: at('2024-09-11T04:09:00Z'),
        text: 'customers using Talk in every pod could not make or receive calls',
      },
      cause: 'A defect in the telephony partner’s voice SDK.',
      resolution: 'The partner rolled back the SDK release.',
      actions: [
        { text: 'Alert on the rate of failed call set-ups', ownerId: 'U08SRE', done: true },
        { text: 'Agree an escalation path with the partner', done: false },
      ],
    }),
    entries: [
      update('01:20:00', '01:50:00', 'cadence', {
        status: 'investigating',
        text: 'We are investigating problems with Talk calls in several regions. More to follow.',
      }),
      entry({
        kind: 'system',
        public: false,
        event: 'declared',
        occurredAt: at('2024-09-11T01:41:00Z'),
        recordedAt: at('2024-09-11T01:41:05Z'),
        nextUpdate: { dueAt: at('2024-09-11T02:11:00Z'), source: 'cadence' },
      }),
      update('01:41:30', '02:11:30', 'text', {
        status: 'investigating',
        text:
          'We are working with our telephony partner on calls that cannot be made or received. We will provide ' +
          'another update in the next 30 minutes.',
      }),
      update('02:03:00', '02:33:00', 'text', {
        status: 'investigating',
        text:
          'Our partner has confirmed a problem and is investigating on their side. We will provide an update in ' +
          'another 30 minutes, or sooner if we learn more.',
      }),
      update('02:33:40', '03:33:40', 'text', {
        status: 'identified',
        text:
          'Our partner has found a likely cause in its voice SDK and is working on a fix; some customers report ' +
          'recovery. More details within the next 60 minutes.',
      }),
      update('03:01:00', '03:31:00', 'cadence', {
        status: 'monitoring',
        text: 'Talk calls should now complete normally. We are monitoring and will post a final update once resolved.',
      }),
      update('04:10:00', null, 'cadence', {
        kind: 'status',
        status: 'resolved',
        text: 'The Talk call issues are resolved. Thank you for your patience.',
      }),
    ],
  };
}

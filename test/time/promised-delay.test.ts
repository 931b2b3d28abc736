import { describe, expect, it } from 'vitest';
import { readPromisedDelay } from '../../src/time/promised-delay.js';

/** [text, promised minutes, the words that promised it] */
type PromiseRow = [string, number, string];

function read(text: string): { minutes: number; phrase: string; locale: string } | undefined {
  const delay = readPromisedDelay(text);
  return delay && { minutes: delay.ms / 60_000, phrase: delay.phrase, locale: delay.locale };
}

describe('the delay an update promises, in English', () => {
  it.each<PromiseRow>([
    ['We will provide another update in the next 30 minutes.', 30, 'in the next 30 minutes'],
    ['We will provide another update within 30 minutes.', 30, 'within 30 minutes'],
    [
      'We are investigating failed card payments at checkout. PayPal and gift cards are not affected. ' +
        'We will provide another update within 30 minutes.',
      30,
      'within 30 minutes',
    ],
    [
      'A payment gateway configuration change broke card authentication. We are rolling it back and will ' +
        'update within 30 minutes.',
      30,
      'within 30 minutes',
    ],
    ['The next update within 45 minutes.', 45, 'within 45 minutes'],
    ['A further update in 45 min.', 45, 'in 45 min'],
    ['Next update in 20 mins', 20, 'in 20 mins'],
    ['next update in 45m', 45, 'in 45m'],
    ['NEXT UPDATE IN 15 MINUTES', 15, 'IN 15 MINUTES'],
    ['We will share more within the next hour.', 60, 'within the next hour'],
    ['Within the next hour, we will know whether the fix holds.', 60, 'Within the next hour'],
    ['We’ll post another update within the hour.', 60, 'within the hour'],
    ['We will post an update in an hour.', 60, 'in an hour'],
    ['We will update you in half an hour.', 30, 'in half an hour'],
    ['We will post an update in an hour and a half.', 90, 'in an hour and a half'],
    ['The next update will follow in 1h30.', 90, 'in 1h30'],
    ['Next update in 1 hour 15 minutes.', 75, 'in 1 hour 15 minutes'],
    ['We will provide an update in forty-five minutes.', 45, 'in forty-five minutes'],
    ['We will provide an update in two hours.', 120, 'in two hours'],
    ['We will provide updates every 30 minutes until this is resolved.', 30, 'every 30 minutes'],
    ['We will keep posting hourly updates.', 60, 'hourly'],
    ['Expect another update 20 minutes from now.', 20, '20 minutes from now'],
    ['We’ll post an update in 30-45 minutes.', 45, 'in 30-45 minutes'],
    ['We’ll post an update in 30 to 45 minutes.', 45, 'in 30 to 45 minutes'],
    ['More in 30 minutes.', 30, 'in 30 minutes'],
    ['Next update: in 30 minutes.', 30, 'in 30 minutes'],
    ['We will post the next update by 15:00 UTC (in 30 minutes).', 30, 'in 30 minutes'],
    ['Still investigating. Next update in ~30 minutes.', 30, 'in ~30 minutes'],
    ['Update: we rolled back the deploy. Next update in 10 minutes.', 10, 'in 10 minutes'],
    [
      'Errors started 45 minutes after the deploy. We will provide another update in 1 hour.',
      60,
      'in 1 hour',
    ],
    [
      'We said we would update within 30 minutes; the migration is slower than planned, so we will post the ' +
        'next update in 45 minutes.',
      45,
      'in 45 minutes',
    ],
  ])('%j promises %i minutes', (text, minutes, phrase) => {
    expect(read(text)).toEqual({ minutes, phrase, locale: 'en' });
  });

  it.each([
    'Resolved 30 minutes ago.',
    'Customers saw errors for 60 minutes.',
    'Errors for the last 30 minutes; more soon.',
    'We have seen errors in the last 30 minutes and will update soon.',
    'The service was down for an hour.',
    'We rolled back the change in 30 minutes.',
    'The fix was deployed in 30 minutes and we will keep monitoring.',
    'Update: errors stopped within 30 minutes of the rollback.',
    'We have been investigating for the past hour and will post another update soon.',
    'We will provide another update as soon as we have more information.',
    'More soon.',
    'Next update at 14:35 UTC.',
    'Next update: 30 minutes.',
    'The migration will take 30 minutes.',
    'The team will join a call in 10 minutes.',
    'In 30 minutes the cache will be warm again.',
    'We will provide another update in 2 days.',
    'We will provide another update within 30 seconds.',
    'We will post an update in the coming hours.',
    'Gateway config v412 went out 30 minutes ago; its 3-D Secure callback URL points at the staging host.',
  ])('%j promises nothing', (text) => {
    expect(read(text)).toBeUndefined();
  });
});

describe('the delay an update promises, in French', () => {
  it.each<PromiseRow>([
    [
      'Nous publierons une nouvelle mise à jour dans les 60 prochaines minutes.',
      60,
      'dans les 60 prochaines minutes',
    ],
    ['Prochaine mise à jour dans 30 minutes.', 30, 'dans 30 minutes'],
    ['Prochaine mise a jour dans 30 minutes.', 30, 'dans 30 minutes'],
    ['Nous ferons un point d’ici 30 minutes.', 30, 'd’ici 30 minutes'],
    ["Nous ferons un point d'ici 30 minutes.", 30, "d'ici 30 minutes"],
    ['Nous publierons une mise à jour dans l’heure.', 60, 'dans l’heure'],
    ['Nouvelle mise à jour dans une heure.', 60, 'dans une heure'],
    ['Nouvelle mise à jour dans une demi-heure.', 30, 'dans une demi-heure'],
    ['Nous reviendrons vers vous dans une heure et demie.', 90, 'dans une heure et demie'],
    [
      'Nous vous tiendrons informés dans les trente prochaines minutes.',
      30,
      'dans les trente prochaines minutes',
    ],
    ['Prochain point dans 2h.', 120, 'dans 2h'],
    ['Prochaine mise à jour : dans 20 minutes.', 20, 'dans 20 minutes'],
    ['Nous communiquerons toutes les 30 minutes.', 30, 'toutes les 30 minutes'],
    [
      'Le correctif est en cours de déploiement depuis 20 minutes. Nous publierons une mise à jour dans 45 minutes.',
      45,
      'dans 45 minutes',
    ],
  ])('%j promises %i minutes', (text, minutes, phrase) => {
    expect(read(text)).toEqual({ minutes, phrase, locale: 'fr' });
  });

  it.each([
    // The published update sentences of the outbound email postmortem.
    'Nous sommes heureux de vous signaler que tous les problèmes d’e-mails sortants affectant Sell ont été ' +
      'résolus. Nous vous remercions de votre patience.',
    'Nous avons déployé un correctif pour les problèmes d’e-mails sortants rencontrés. Nous allons surveiller la ' +
      'situation. Merci de votre patience.',
    'Notre équipe a identifié un problème lié au service d’e-mail sortant qui affecte les clients Sell. Il ' +
      'travaille actuellement sur un correctif. Nous en reparlerons bientôt.',
    'Nous sommes heureux de vous signaler que tous les problèmes d’e-mails sortants affectant Sell ont été résolus.',
    'Notre équipe a identifié un problème lié au service d’e-mail sortant qui affecte les clients Sell.',
    'Nous avons déployé un correctif pour les problèmes d’e-mails sortants rencontrés.',
    'Les erreurs ont commencé il y a 30 minutes.',
    'Le service a été indisponible pendant 30 minutes.',
    'Nous avons corrigé le problème en 30 minutes, prochaine mise à jour bientôt.',
    'Nous avons constaté des erreurs dans les 30 dernières minutes et publierons une mise à jour bientôt.',
    'Prochain point d’ici 10h.',
    'Prochaine mise à jour à 14h30.',
    'Nous publierons une mise à jour dans les prochaines heures.',
    'Nous publierons une mise à jour dans les 30 minutes suivant le redémarrage.',
    'Nous rétablirons le service dans 30 minutes.',
  ])('%j promises nothing', (text) => {
    expect(read(text)).toBeUndefined();
  });
});

describe('the delay an update promises, in German', () => {
  it.each<PromiseRow>([
    [
      'Wir untersuchen langsame Suchanfragen in der EU-Region. Das nächste Update folgt in 30 Minuten.',
      30,
      'in 30 Minuten',
    ],
    ['Wir informieren Sie in den nächsten 20 Minuten erneut.', 20, 'in den nächsten 20 Minuten'],
    ['Eine Aktualisierung folgt innerhalb der nächsten 30 Minuten.', 30, 'innerhalb der nächsten 30 Minuten'],
    ['Wir melden uns innerhalb von 30 Minuten.', 30, 'innerhalb von 30 Minuten'],
    ['Wir melden uns in einer Stunde wieder.', 60, 'in einer Stunde'],
    ['Wir melden uns in einer halben Stunde wieder.', 30, 'in einer halben Stunde'],
    ['Nächstes Update in ca. 30 Min. wieder hier.', 30, 'in ca. 30 Min'],
    ['Nächstes Update in dreißig Minuten.', 30, 'in dreißig Minuten'],
    ['Nächstes Update in dreissig Minuten.', 30, 'in dreissig Minuten'],
    ['Wir geben in einer Viertelstunde ein Update.', 15, 'in einer Viertelstunde'],
    ['Wir informieren alle 30 Minuten über den Stand.', 30, 'alle 30 Minuten'],
    ['Wir informieren stündlich über den Stand.', 60, 'stündlich'],
    [
      'Seit 20 Minuten sehen wir erhöhte Fehlerraten und informieren in 45 Minuten erneut.',
      45,
      'in 45 Minuten',
    ],
  ])('%j promises %i minutes', (text, minutes, phrase) => {
    expect(read(text)).toEqual({ minutes, phrase, locale: 'de' });
  });

  it.each([
    // The published update sentences of the customer context panel postmortem, and the fixtures' wording.
    'Wir haben ein Problem beim Zugriff auf das Kundenkontextfenster identifiziert und gelöst. Kunden hatten ' +
      'möglicherweise zwischen 21:16 UTC und 22:24 Probleme. Wir entschuldigen uns für die daraus resultierenden ' +
      'Unannehmlichkeiten.',
    'Wir haben festgestellt, dass sich das Problem, das sich auf das Kundenkontextfenster auswirkt, auch auf das ' +
      'Hinzufügen von CCs zu Tickets auswirkt. Die Änderung, die sich auf die Änderung auswirkte, wurde rückgängig ' +
      'gemacht und beide Probleme sind jetzt behoben.',
    'Wir haben ein Problem beim Zugriff auf das Kundenkontextfenster identifiziert und gelöst. Kunden hatten ' +
      'möglicherweise zwischen 21:16 UTC und 22:24 UTC Probleme. Wir entschuldigen uns für die daraus ' +
      'resultierenden Unannehmlichkeiten.',
    'Wir haben festgestellt, dass sich das Problem, das sich auf das Kundenkontextfenster auswirkt, auch auf das ' +
      'Hinzufügen von CCs zu Tickets auswirkt. Die verursachende Änderung wurde rückgängig gemacht und beide ' +
      'Probleme sind jetzt behoben.',
    'Seit 20 Minuten sehen wir Fehler.',
    'Die Fehler begannen vor 20 Minuten.',
    'Wir haben das Problem in 20 Minuten behoben.',
    'In den letzten 20 Minuten gab es Fehler, ein Update folgt.',
    'Die Störung dauerte eine Stunde; das nächste Update folgt bald.',
    'Nächstes Update um 15 Uhr.',
  ])('%j promises nothing', (text) => {
    expect(read(text)).toBeUndefined();
  });
});

describe('the delay an update promises, in Italian', () => {
  it.each<PromiseRow>([
    ['Forniremo un aggiornamento entro 15 minuti.', 15, 'entro 15 minuti'],
    ['Forniremo un nuovo aggiornamento nei prossimi 30 minuti.', 30, 'nei prossimi 30 minuti'],
    ['Prossimo aggiornamento tra un’ora.', 60, 'tra un’ora'],
    ["Prossimo aggiornamento tra un'ora.", 60, "tra un'ora"],
    ['Prossimo aggiornamento fra 30 minuti.', 30, 'fra 30 minuti'],
    ['Prossimo aggiornamento fra mezz’ora.', 30, 'fra mezz’ora'],
    ['Pubblicheremo un aggiornamento entro un’ora e mezza.', 90, 'entro un’ora e mezza'],
    ['Seguirà un aggiornamento entro trenta minuti.', 30, 'entro trenta minuti'],
    ['Vi aggiorneremo ogni 30 minuti.', 30, 'ogni 30 minuti'],
    ['Il prossimo aggiornamento arriverà tra 10 e 20 minuti.', 20, 'tra 10 e 20 minuti'],
    [
      'Il problema persiste da 15 minuti. Forniremo un aggiornamento nelle prossime 2 ore.',
      120,
      'nelle prossime 2 ore',
    ],
  ])('%j promises %i minutes', (text, minutes, phrase) => {
    expect(read(text)).toEqual({ minutes, phrase, locale: 'it' });
  });

  it.each([
    // The published update sentences of the chat triggers postmortem.
    'Stiamo esaminando un problema che riguarda la creazione, l’aggiornamento e l’esecuzione dei trigger di Chat ' +
      'su più pod. I clienti potrebbero riscontrare problemi con l’indirizzamento di Chat, la messaggistica ' +
      'proattiva, l’impostazione dei reparti e altre azioni correlate. Forniremo un aggiornamento su questo ' +
      'problema il prima possibile.',
    'Abbiamo risolto il problema con i trigger di Chat su tutti i pod e siamo attualmente in fase di recupero. Le ' +
      'azioni dei trigger di chat, come l’indirizzamento, l’impostazione dei reparti e i messaggi offline, ' +
      'dovrebbero funzionare per tutte le nuove chat. Una volta completata la soluzione, verrà pubblicato un ' +
      'aggiornamento finale.',
    'La soluzione implementata ha risolto tutti i problemi con i trigger di Chat in tutti i pod. Considereremo ora ' +
      'questo incidente come concluso. Grazie per la pazienza dimostrata.',
    'Errori 401 dal servizio trigger dopo il deploy delle 03:45.',
    'Il problema persiste da 15 minuti.',
    'Il problema è iniziato 15 minuti fa.',
    'Forniremo un aggiornamento entro l’ora di pranzo.',
    'Forniremo un aggiornamento entro le 10h.',
    'Il servizio sarà ripristinato entro 30 minuti.',
    'Negli ultimi 30 minuti abbiamo visto errori, forniremo un aggiornamento presto.',
  ])('%j promises nothing', (text) => {
    expect(read(text)).toBeUndefined();
  });
});

describe('several promises and languages in one text', () => {
  it('takes the last promise, where updates promise the next one', () => {
    expect(
      read('We promised an update within 30 minutes. Update: we will post the next update in 45 minutes.'),
    ).toEqual({ minutes: 45, phrase: 'in 45 minutes', locale: 'en' });
    expect(read('Prochaine mise à jour dans 30 minutes. Next update in 30 minutes.')?.locale).toBe('en');
  });

  it('tells German from English when both read the same words', () => {
    expect(read('Nächstes Update in 30 min.')).toEqual({ minutes: 30, phrase: 'in 30 min', locale: 'de' });
    expect(read('Next update in 30 min.')).toEqual({ minutes: 30, phrase: 'in 30 min', locale: 'en' });
  });

  it('keeps promises between one minute and a day', () => {
    expect(read('Next update in 24 hours.')?.minutes).toBe(1440);
    expect(read('Next update in 25 hours.')).toBeUndefined();
    expect(read('Next update in 1 minute.')?.minutes).toBe(1);
  });
});

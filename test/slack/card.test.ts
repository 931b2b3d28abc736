import { describe, expect, it } from 'vitest';
import type { Incident } from '../../models/incident.js';
import { CardRefresher, postIncidentCard } from '../../src/slack/card.js';
import { testDepsForFile } from '../support/deps.js';
import { declareAt } from '../support/incident-factory.js';

const t = testDepsForFile();

/** An incident with its card posted in a channel of its own. */
async function incidentWithCard(): Promise<Incident> {
  const declared = await declareAt(new Date());
  t.slack.addChannel(declared.channelName, [t.slack.botUserId], declared.channelId);
  return postIncidentCard(t.deps.stepSlack, declared, t.deps.logger);
}

/** The same incident as a later write would have returned it. */
const later = (incident: Incident, summary: string, step: number): Incident => ({
  ...incident,
  summary,
  updatedAt: new Date((incident.updatedAt?.getTime() ?? 0) + step),
});

const cardUpdates = (incident: Incident) => t.slack.callsTo('chat.update').filter((call) => call.args.ts === incident.card!.ts);

describe('incident cards', () => {
  it('a burst of changes costs one refresh at once and one more after the spacing, which shows the newest state', async () => {
    const incident = await incidentWithCard();
    const cards = new CardRefresher(t.deps.stepSlack, t.deps.logger, 300);
    const summaries = ['Checkout errors at 40 %', 'Rolled back', 'Errors falling', 'Errors at 2 %', 'Recovered'];
    // As five commands in the channel would ask, one after the other.
    const asked = Date.now();
    await Promise.all(summaries.map((summary, i) => cards.refresh(later(incident, summary, i + 1))));

    const updates = cardUpdates(incident);
    expect(updates).toHaveLength(2);
    expect(JSON.stringify(updates[0]!.args.blocks)).toContain('Checkout errors at 40 %');
    expect(JSON.stringify(updates[1]!.args.blocks)).toContain('Recovered');
    // The second waited for the spacing: it could not start sooner than 300 ms after the first was asked for (less a
    // millisecond or so of timer and clock rounding).
    expect(updates[1]!.at.getTime() - asked).toBeGreaterThanOrEqual(295);
  });

  it('cards of different incidents do not wait for each other', async () => {
    const [first, second] = await Promise.all([incidentWithCard(), incidentWithCard()]);
    const cards = new CardRefresher(t.deps.stepSlack, t.deps.logger, 60_000);
    await Promise.all([cards.refresh(later(first!, 'First', 1)), cards.refresh(later(second!, 'Second', 1))]);
    expect(cardUpdates(first!)).toHaveLength(1);
    expect(cardUpdates(second!)).toHaveLength(1);
  });

  it('when Slack says to slow down, the card is refreshed again after Retry-After, with the newest state', async () => {
    const incident = await incidentWithCard();
    const cards = new CardRefresher(t.deps.stepSlack, t.deps.logger, 50);
    t.slack.fail('chat.update', { status: 429, retryAfter: 1 }, 1);
    const refused = cards.refresh(later(incident, 'Refused once', 1));
    const newer = cards.refresh(later(incident, 'Newest state', 2));
    // The refused attempt does not hold whoever waited on it; the next one waits for Retry-After.
    await refused;
    expect(cardUpdates(incident).map((call) => call.status)).toEqual([429]);
    await newer;

    const updates = cardUpdates(incident);
    expect(updates.map((call) => call.status)).toEqual([429, 200]);
    expect(JSON.stringify(updates[1]!.args.blocks)).toContain('Newest state');
    expect(updates[1]!.at.getTime() - updates[0]!.at.getTime()).toBeGreaterThanOrEqual(990);
  });

  it('a state older than the one the card shows, come late, does not replace it', async () => {
    const incident = await incidentWithCard();
    const cards = new CardRefresher(t.deps.stepSlack, t.deps.logger, 50);
    await cards.refresh(later(incident, 'Newer state', 2));
    // A write that finished first but whose refresh came second.
    await cards.refresh(later(incident, 'Older state', 1));
    await cards.refresh(later(incident, 'Newest state', 3));

    const shown = cardUpdates(incident).map((call) => JSON.stringify(call.args.blocks));
    expect(shown).toHaveLength(2);
    expect(shown[0]).toContain('Newer state');
    expect(shown[1]).toContain('Newest state');
  });
});

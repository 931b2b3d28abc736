import { describe, expect, it } from 'vitest';
import { describeKeyFigures } from '../../../src/services/postmortem/describe.js';
import { computeKeyFigures, sortEntries } from '../../../src/services/postmortem/key-figures.js';
import {
  at,
  chatTriggersIncident,
  contextPanelIncident,
  entry,
  incident,
  telephonyOutageIncident,
} from './fixtures.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('computeKeyFigures', () => {
  it('works out the Italian example by hand', () => {
    const { incident: chat, entries } = chatTriggersIncident();
    const figures = computeKeyFigures(chat, entries);

    // impact 03:52 → 06:52 = 3 h
    expect(figures.impactMs).toBe(3 * HOUR);
    expect(figures.measuredFrom).toBe('impact');
    // first public update 06:19 − impact start 03:52 = 2 h 27 min
    expect(figures.timeToFirstUpdateMs).toBe(2 * HOUR + 27 * MIN);
    // resolved 09:17 − impact start 03:52 = 5 h 25 min
    expect(figures.timeToResolveMs).toBe(5 * HOUR + 25 * MIN);
    // public updates at 06:19, 07:53, 09:17 (the note, role and promise entries are internal)
    expect(figures.publicUpdates).toBe(3);
    // one promise record kept (09:17, due 09:23), one broken (due 06:49)
    expect(figures.promisesKept).toBe(1);
    expect(figures.promisesBroken).toBe(1);
    // gaps: 06:19 → 07:53 = 1 h 34 min, 07:53 → 09:17 = 1 h 24 min, last update 09:17 → resolved 09:17 = 0
    expect(figures.longestSilence).toEqual({
      ms: HOUR + 34 * MIN,
      startedAt: at('2024-01-31T06:19:00Z'),
      endedAt: at('2024-01-31T07:53:00Z'),
      endsAtResolution: false,
    });
    // four remediation items, none done
    expect([figures.actionsOnTime, figures.actionsLate, figures.actionsOpen]).toEqual([0, 0, 4]);
  });

  it('works out the German example by hand', () => {
    const { incident: panel, entries } = contextPanelIncident();
    const figures = computeKeyFigures(panel, entries);

    // impact 21:16 → 22:24 = 1 h 8 min
    expect(figures.impactMs).toBe(HOUR + 8 * MIN);
    // first public update 22:48 − 21:16 = 1 h 32 min
    expect(figures.timeToFirstUpdateMs).toBe(HOUR + 32 * MIN);
    // resolved 23:27 − 21:16 = 2 h 11 min
    expect(figures.timeToResolveMs).toBe(2 * HOUR + 11 * MIN);
    expect(figures.publicUpdates).toBe(2);
    expect([figures.promisesKept, figures.promisesBroken]).toEqual([1, 0]);
    // 22:48 → 23:27 = 39 min; the resolution coincides with the last update
    expect(figures.longestSilence).toMatchObject({ ms: 39 * MIN, startedAt: at('2023-11-29T22:48:00Z') });
    expect([figures.actionsOnTime, figures.actionsLate, figures.actionsOpen]).toEqual([1, 0, 0]);
  });

  it('works out the telephony outage replay by hand: 5 h 13 min to resolve, promises 4 / 1, silence 1 h 09 min', () => {
    const { incident: outage, entries } = telephonyOutageIncident();
    const figures = computeKeyFigures(outage, entries, at('2024-09-12T00:00:00Z'));
    // impact 22:57 → 04:09 next day = 5 h 12 min; resolved 04:10 − 22:57 = 5 h 13 min
    expect(figures.impactMs).toBe(5 * HOUR + 12 * MIN);
    expect(figures.timeToResolveMs).toBe(5 * HOUR + 13 * MIN);
    // first public update 01:20 − 22:57 = 2 h 23 min
    expect(figures.timeToFirstUpdateMs).toBe(2 * HOUR + 23 * MIN);
    expect(figures.publicUpdates).toBe(6);
    // kept: the declaration's (due 02:11, answered 01:41), 01:41's (02:11, answered 02:03), 02:03's (02:33,
    // answered 02:33:40, the due minute), 02:33's (03:33, answered 03:01); broken: 03:01's (03:31, answered 04:10)
    expect([figures.promisesKept, figures.promisesBroken]).toEqual([4, 1]);
    // gaps 21, 22, 30, 28, 69 min; the resolution comes with the last update
    expect(figures.longestSilence).toEqual({
      ms: HOUR + 9 * MIN,
      startedAt: at('2024-09-11T03:01:00Z'),
      endedAt: at('2024-09-11T04:10:00Z'),
      endsAtResolution: false,
    });
  });

  it('measures between minute-stamped times in whole minutes, as the stamps read', () => {
    const figures = computeKeyFigures(
      incident({
        declaredAt: at('2024-05-01T10:00:59Z'),
        resolvedAt: at('2024-05-01T11:00:00Z'),
        impact: { startedAt: at('2024-05-01T09:59:59Z'), endedAt: at('2024-05-01T10:50:00Z') },
      }),
      [entry({ occurredAt: at('2024-05-01T10:20:59Z') }), entry({ occurredAt: at('2024-05-01T10:50:00Z') })],
    );
    // 10:20 → 10:50 reads 30 min, though only 29 min 1 s passed
    expect(figures.longestSilence?.ms).toBe(30 * MIN);
    // 09:59 → 10:50 is 51 min, 09:59 → 10:20 is 21 min
    expect(figures.impactMs).toBe(51 * MIN);
    expect(figures.timeToFirstUpdateMs).toBe(21 * MIN);
  });

  it('reports a first update published before the declaration as a negative figure, for the draft to word', () => {
    const { incident: outage, entries } = telephonyOutageIncident();
    const figures = computeKeyFigures({ ...outage, impact: {} }, entries);
    expect(figures.measuredFrom).toBe('declaration');
    expect(figures.timeToFirstUpdateMs).toBe(-21 * MIN); // 01:20 − declared 01:41
  });

  it('counts the silence from the last public update to the resolution', () => {
    const figures = computeKeyFigures(
      incident({ declaredAt: at('2024-05-01T10:00:00Z'), resolvedAt: at('2024-05-01T13:00:00Z') }),
      [entry({ occurredAt: at('2024-05-01T10:10:00Z') }), entry({ occurredAt: at('2024-05-01T10:40:00Z') })],
    );
    // 10:10 → 10:40 = 30 min, but 10:40 → resolved 13:00 = 2 h 20 min
    expect(figures.longestSilence).toEqual({
      ms: 2 * HOUR + 20 * MIN,
      startedAt: at('2024-05-01T10:40:00Z'),
      endedAt: at('2024-05-01T13:00:00Z'),
      endsAtResolution: true,
    });
  });

  it('keeps the earliest of equal silences', () => {
    const figures = computeKeyFigures(incident({ declaredAt: at('2024-05-01T10:00:00Z') }), [
      entry({ occurredAt: at('2024-05-01T11:00:00Z') }),
      entry({ occurredAt: at('2024-05-01T10:30:00Z') }),
      entry({ occurredAt: at('2024-05-01T10:00:00Z') }),
    ]);
    expect(figures.longestSilence?.startedAt).toEqual(at('2024-05-01T10:00:00Z'));
  });

  it('measures from the declaration when the impact start is unknown, and leaves the impact duration unknown', () => {
    const figures = computeKeyFigures(
      incident({ declaredAt: at('2024-05-01T10:00:00Z'), resolvedAt: at('2024-05-01T11:30:00Z') }),
      [entry({ occurredAt: at('2024-05-01T10:05:00Z') })],
    );
    expect(figures.measuredFrom).toBe('declaration');
    expect(figures.impactMs).toBeNull();
    expect(figures.timeToFirstUpdateMs).toBe(5 * MIN); // 10:05 − declared 10:00
    expect(figures.timeToResolveMs).toBe(90 * MIN); // 11:30 − declared 10:00
  });

  it('knows nothing it cannot know for an open incident without updates', () => {
    const figures = computeKeyFigures(
      incident({ declaredAt: at('2024-05-01T10:00:00Z'), impact: { startedAt: at('2024-05-01T09:50:00Z') } }),
      [entry({ kind: 'note', public: false, occurredAt: at('2024-05-01T10:01:00Z') })],
    );
    expect(figures).toEqual({
      impactMs: null,
      measuredFrom: 'impact',
      timeToFirstUpdateMs: null,
      timeToResolveMs: null,
      publicUpdates: 0,
      promisesKept: 0,
      promisesBroken: 0,
      longestSilence: null,
      actionsOnTime: 0,
      actionsLate: 0,
      actionsOpen: 0,
    });
  });

  it('counts remediation items done on time, done late (also after a due date moved once it had passed) and still open', () => {
    const due = at('2024-05-10T00:00:00Z');
    const figures = computeKeyFigures(
      incident({
        declaredAt: at('2024-05-01T10:00:00Z'),
        actions: [
          { text: 'Done the day before', done: true, dueAt: due, doneAt: at('2024-05-09T10:00:00Z') },
          { text: 'Done a day after', done: true, dueAt: due, doneAt: at('2024-05-11T10:00:00Z') },
          { text: 'Re-dated once overdue', done: true, dueAt: at('2024-05-20T00:00:00Z'), missedDueAt: due, doneAt: at('2024-05-12T00:00:00Z') },
          { text: 'No date promised', done: true, doneAt: at('2024-06-30T00:00:00Z') },
          { text: 'Overdue', done: false, dueAt: due },
          { text: 'Without a date', done: false },
        ],
      }),
      [],
    );
    expect([figures.actionsOnTime, figures.actionsLate, figures.actionsOpen]).toEqual([2, 2, 2]);
    expect(describeKeyFigures(figures, 'en').at(-1)).toEqual({ label: 'Remediation items done on time / late / still open', value: '2 / 2 / 2' });
    expect(describeKeyFigures(figures, 'fr').at(-1)).toEqual({
      label: 'Actions correctives terminées à temps / en retard / encore ouvertes',
      value: '2 / 2 / 2',
    });
    expect(describeKeyFigures(figures, 'de').at(-1)).toEqual({
      label: 'Korrekturmaßnahmen rechtzeitig erledigt / verspätet erledigt / noch offen',
      value: '2 / 2 / 2',
    });
    expect(describeKeyFigures(figures, 'it').at(-1)).toEqual({
      label: 'Azioni correttive completate in tempo / in ritardo / ancora aperte',
      value: '2 / 2 / 2',
    });
  });

  it('ignores retracted entries as it does deleted ones', () => {
    const figures = computeKeyFigures(incident({ declaredAt: at('2024-05-01T10:00:00Z') }), [
      entry({ occurredAt: at('2024-05-01T10:02:00Z'), retractedAt: at('2024-05-01T10:05:00Z') }),
      entry({ occurredAt: at('2024-05-01T10:20:00Z') }),
    ]);
    expect(figures.publicUpdates).toBe(1);
    expect(figures.timeToFirstUpdateMs).toBe(20 * MIN);
  });

  it('ignores deleted entries, public updates and promise records alike', () => {
    const deletedAt = at('2024-05-01T12:00:00Z');
    const figures = computeKeyFigures(incident({ declaredAt: at('2024-05-01T10:00:00Z') }), [
      entry({ occurredAt: at('2024-05-01T10:02:00Z'), deletedAt }),
      entry({ occurredAt: at('2024-05-01T10:20:00Z') }),
      entry({
        kind: 'system',
        public: false,
        occurredAt: at('2024-05-01T10:30:00Z'),
        promise: { dueAt: at('2024-05-01T10:30:00Z'), outcome: 'broken' },
        deletedAt,
      }),
    ]);
    expect(figures.publicUpdates).toBe(1);
    expect(figures.timeToFirstUpdateMs).toBe(20 * MIN);
    expect(figures.promisesBroken).toBe(0);
  });
});

describe('sortEntries', () => {
  it('orders by occurredAt, then recordedAt, without touching the input', () => {
    const late = entry({
      occurredAt: at('2024-05-01T10:00:00Z'),
      recordedAt: at('2024-05-01T10:09:00Z'),
      text: 'b',
    });
    const early = entry({
      occurredAt: at('2024-05-01T10:00:00Z'),
      recordedAt: at('2024-05-01T10:01:00Z'),
      text: 'a',
    });
    const backdated = entry({
      occurredAt: at('2024-05-01T09:00:00Z'),
      recordedAt: at('2024-05-01T11:00:00Z'),
      text: 'z',
    });
    const input = [late, early, backdated];
    expect(sortEntries(input).map((e) => e.text)).toEqual(['z', 'a', 'b']);
    expect(input.map((e) => e.text)).toEqual(['b', 'a', 'z']);
  });
});

import { describe, expect, it } from 'vitest';
import type { PostmortemEntry } from '../../../src/services/postmortem/key-figures.js';
import {
  countPromises,
  derivePromiseOutcomes,
  type NextUpdateSource,
} from '../../../src/services/postmortem/promises.js';
import { at, entry, telephonyOutageIncident } from './fixtures.js';

const day = (time: string) => at(`2024-05-01T${time}Z`);

/** A public update at `time` promising the next by `due`. */
const update = (time: string, due: string | null, source: NextUpdateSource = 'cadence'): PostmortemEntry =>
  entry({ occurredAt: day(time), nextUpdate: { dueAt: due ? day(due) : null, source } });

/** An internal entry at `time` that moves or ends the running promise. */
const change = (time: string, due: string | null, source: NextUpdateSource): PostmortemEntry =>
  entry({
    kind: 'system',
    public: false,
    occurredAt: day(time),
    nextUpdate: { dueAt: due ? day(due) : null, source },
  });

const declared = (time: string, due: string) =>
  entry({
    kind: 'system',
    public: false,
    event: 'declared',
    occurredAt: day(time),
    nextUpdate: { dueAt: day(due), source: 'cadence' },
  });

const outcomes = (entries: PostmortemEntry[], resolvedAt: Date | undefined, now = day('23:59:00')) =>
  derivePromiseOutcomes(entries, resolvedAt, now).map(({ madeAt, dueAt, outcome }) => [
    madeAt.toISOString().slice(11, 19),
    dueAt.toISOString().slice(11, 19),
    outcome,
  ]);

describe('derivePromiseOutcomes', () => {
  it('replays the telephony outage: 4 kept, 1 broken; the declaration, after the first public update, promises nothing', () => {
    const { incident, entries } = telephonyOutageIncident();
    expect(outcomes(entries, incident.resolvedAt)).toEqual([
      ['01:20:00', '01:50:00', 'kept'], // answered at 01:41:30; the declaration at 01:41 came after a public update
      ['01:41:30', '02:11:30', 'kept'], // answered at 02:03
      ['02:03:00', '02:33:00', 'kept'], // answered at 02:33:40, within the due minute
      ['02:33:40', '03:33:40', 'kept'], // answered at 03:01
      ['03:01:00', '03:31:00', 'broken'], // the next came at 04:10
    ]);
  });

  it('counts the declaration’s promise when the incident was declared before the first update', () => {
    const entries = [
      declared('10:00:00', '10:30:00'),
      update('10:10:00', '10:40:00'),
      update('10:50:00', null),
    ];
    expect(outcomes(entries, day('10:50:00'))).toEqual([
      ['10:00:00', '10:30:00', 'kept'],
      ['10:10:00', '10:40:00', 'broken'],
    ]);
  });

  it('reads the timeline in order whatever order the entries come in (occurredAt, then recordedAt)', () => {
    const first = entry({
      occurredAt: day('10:00:00'),
      recordedAt: day('10:00:01'),
      nextUpdate: { dueAt: day('10:30:00'), source: 'cadence' },
    });
    const second = entry({
      occurredAt: day('10:00:00'),
      recordedAt: day('10:00:09'),
      nextUpdate: { dueAt: day('11:00:00'), source: 'text' },
    });
    const backdated = entry({
      occurredAt: day('09:50:00'),
      recordedAt: day('10:20:00'),
      nextUpdate: { dueAt: day('10:20:00'), source: 'cadence' },
    });
    expect(outcomes([second, first, backdated], day('10:45:00'))).toEqual([
      ['09:50:00', '10:20:00', 'kept'], // answered by the 10:00 update
      ['10:00:00', '10:30:00', 'kept'], // answered by the second update of the same minute
      ['10:00:00', '11:00:00', 'unsettled'], // not yet due at the resolution
    ]);
  });

  it('keeps a promise answered within its due minute, and breaks it a minute later', () => {
    expect(outcomes([update('10:00:00', '10:30:00'), update('10:30:59', null)], day('11:00:00'))).toEqual([
      ['10:00:00', '10:30:00', 'kept'],
    ]);
    expect(outcomes([update('10:00:00', '10:30:00'), update('10:31:00', null)], day('11:00:00'))).toEqual([
      ['10:00:00', '10:30:00', 'broken'],
    ]);
  });

  it('lets a snooze move a promise before it falls due, without settling it', () => {
    const entries = [
      update('10:00:00', '10:30:00'),
      change('10:20:00', '10:45:00', 'snooze'),
      update('10:40:00', null),
    ];
    expect(outcomes(entries, day('10:40:00'))).toEqual([
      ['10:00:00', '10:30:00', 'unsettled'],
      ['10:20:00', '10:45:00', 'kept'],
    ]);
  });

  it('counts a promise broken once when it fell due before a snooze, a cadence change or a severity change', () => {
    const entries = [
      update('10:00:00', '10:30:00'),
      change('10:40:00', '10:55:00', 'snooze'),
      change('10:50:00', '11:05:00', 'severity'),
      update('11:00:00', null),
    ];
    expect(outcomes(entries, day('11:00:00'))).toEqual([
      ['10:00:00', '10:30:00', 'broken'],
      ['10:40:00', '10:55:00', 'unsettled'],
      ['10:50:00', '11:05:00', 'kept'],
    ]);
    expect(countPromises(entries, day('11:00:00'), day('23:59:00'))).toEqual({ kept: 1, broken: 1 });
  });

  it('breaks a promise that falls due with no update before the resolution, and leaves one still running alone', () => {
    const silentResolution = entry({
      kind: 'status',
      status: 'resolved',
      public: false,
      occurredAt: day('11:00:00'),
      nextUpdate: { dueAt: null, source: 'cadence' },
    });
    expect(outcomes([update('10:00:00', '10:30:00'), silentResolution], day('11:00:00'))).toEqual([
      ['10:00:00', '10:30:00', 'broken'],
    ]);
    expect(outcomes([update('10:40:00', '11:10:00'), silentResolution], day('11:00:00'))).toEqual([
      ['10:40:00', '11:10:00', 'unsettled'],
    ]);
    // Without a resolution entry, the incident's resolution time ends the promise all the same.
    expect(outcomes([update('10:00:00', '10:30:00')], day('11:00:00'))).toEqual([
      ['10:00:00', '10:30:00', 'broken'],
    ]);
  });

  it('judges an open incident’s running promise at the time of drafting', () => {
    const entries = [update('10:00:00', '10:30:00')];
    expect(outcomes(entries, undefined, day('10:30:45'))).toEqual([['10:00:00', '10:30:00', 'unsettled']]);
    expect(outcomes(entries, undefined, day('10:31:00'))).toEqual([['10:00:00', '10:30:00', 'broken']]);
  });

  it('ends the promise at `remind off` and starts none until the next public update', () => {
    const entries = [
      update('10:00:00', '10:30:00'),
      change('10:10:00', null, 'remind'),
      update('11:30:00', '12:00:00'),
      update('11:50:00', null),
    ];
    expect(outcomes(entries, day('11:50:00'))).toEqual([
      ['10:00:00', '10:30:00', 'unsettled'],
      ['11:30:00', '12:00:00', 'kept'],
    ]);
  });

  it('counts nothing from deleted or retracted entries', () => {
    const entries = [
      update('10:00:00', '10:30:00'),
      { ...update('10:20:00', '10:50:00'), retractedAt: day('10:25:00') },
      { ...update('10:25:00', '10:55:00'), deletedAt: day('10:26:00') },
      update('10:40:00', null),
    ];
    expect(outcomes(entries, day('10:40:00'))).toEqual([['10:00:00', '10:30:00', 'broken']]);
  });

  it('ignores what was recorded after the resolution, such as a replay’s live declaration', () => {
    const liveDeclaration = entry({
      kind: 'system',
      public: false,
      event: 'declared',
      occurredAt: at('2026-11-23T09:00:00Z'),
      nextUpdate: { dueAt: at('2026-11-23T09:30:00Z'), source: 'cadence' },
    });
    const entries = [update('10:00:00', '10:30:00'), update('10:20:00', null), liveDeclaration];
    expect(outcomes(entries, day('10:20:00'), at('2026-11-24T00:00:00Z'))).toEqual([
      ['10:00:00', '10:30:00', 'kept'],
    ]);
  });
});

describe('countPromises', () => {
  it('counts the stored promise records of older data where no entry carries nextUpdate', () => {
    const record = (outcome: 'kept' | 'broken', deleted = false) =>
      entry({
        kind: 'system',
        public: false,
        occurredAt: day('10:30:00'),
        promise: { dueAt: day('10:30:00'), outcome },
        deletedAt: deleted ? day('10:31:00') : undefined,
      });
    const legacy = [
      entry({ occurredAt: day('10:00:00') }),
      record('kept'),
      record('broken'),
      record('broken', true),
    ];
    expect(countPromises(legacy, day('11:00:00'), day('23:59:00'))).toEqual({ kept: 1, broken: 1 });
    // As soon as the timeline carries promises, the records are no longer counted.
    expect(countPromises([...legacy, update('10:40:00', null)], day('11:00:00'), day('23:59:00'))).toEqual({
      kept: 0,
      broken: 0,
    });
  });
});

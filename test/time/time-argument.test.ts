import { describe, expect, it } from 'vitest';
import {
  dayIn,
  formatUnderstoodTime,
  looksLikeZone,
  parseDueArgument,
  parseTimeArgument,
  readZone,
  resolveDue,
} from '../../src/time/time-argument.js';

const now = new Date('2024-09-11T04:30:00Z');

function parsed(text: string, at: Date | string = now, typistZone?: string): string {
  const result = parseTimeArgument(text, new Date(at), typistZone);
  return result.ok ? result.date.toISOString() : `error: ${result.problem}`;
}

describe('TIME arguments', () => {
  it('reads ISO 8601, with UTC assumed when no offset is given, whatever the typist’s zone', () => {
    expect(parsed('2024-09-11T01:20Z')).toBe('2024-09-11T01:20:00.000Z');
    expect(parsed('2024-09-10T20:57:00-07:00', now, 'Europe/Paris')).toBe('2024-09-11T03:57:00.000Z');
    expect(parsed('2024-09-10T22:57', now, 'America/Los_Angeles')).toBe('2024-09-10T22:57:00.000Z');
  });

  it('reads a bare HH:MM in UTC on the most recent day that is not in the future when the zone is unknown', () => {
    expect(parsed('01:20')).toBe('2024-09-11T01:20:00.000Z');
    expect(parsed('22:57')).toBe('2024-09-10T22:57:00.000Z');
    expect(parsed('22:57 UTC')).toBe('2024-09-10T22:57:00.000Z');
    expect(parsed('04:31')).toBe('2024-09-11T04:31:00.000Z');
    expect(parsed('01:20', now, 'Not/AZone')).toBe('2024-09-11T01:20:00.000Z');
  });

  it('reads a bare HH:MM in the typist’s own zone, and picks the day in that zone', () => {
    // 21:30 on 10 September in Los Angeles (PDT, UTC-7).
    expect(parsed('21:00', now, 'America/Los_Angeles')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('21:45', now, 'America/Los_Angeles')).toBe('2024-09-10T04:45:00.000Z');
    // Typed at 03:43 UTC by someone in UTC+1 (04:43 there): today's 04:33, not yesterday's.
    expect(parsed('04:33', '2024-01-15T03:43:00Z', 'Europe/Paris')).toBe('2024-01-15T03:33:00.000Z');
    expect(parsed('04:33', '2024-01-15T03:43:00Z')).toBe('2024-01-14T04:33:00.000Z');
    // 00:10 on 12 September in Tokyo: 23:50 there was yesterday.
    expect(parsed('23:50', '2024-09-11T15:10:00Z', 'Asia/Tokyo')).toBe('2024-09-11T14:50:00.000Z');
  });

  it('reads HH:MM in a named zone, daylight saving included', () => {
    expect(parsed('21:00 America/Los_Angeles')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('06:00 Europe/Paris', now, 'America/Los_Angeles')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('06:00 europe/paris')).toBe('2024-09-11T04:00:00.000Z');
  });

  it('reads abbreviations as the fixed offset they name, also in summer', () => {
    expect(parsed('01:20 CET')).toBe('2024-09-11T00:20:00.000Z');
    expect(parsed('01:20 CEST')).toBe('2024-09-10T23:20:00.000Z');
    expect(parsed('01:20 Europe/Paris')).toBe('2024-09-10T23:20:00.000Z');
    expect(parsed('06:00 eest')).toBe('2024-09-11T03:00:00.000Z');
    expect(parsed('04:00 WET')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('05:00 WEST')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('05:00 BST')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('04:00 GMT')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('04:00 Z')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('20:00 PST')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('21:00 PDT')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('21:00 MST')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('22:00 MDT')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('22:00 CST')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('23:00 CDT')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('23:00 EST')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('00:00 EDT')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('14:00 AEST')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('15:00 AEDT')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('13:00 JST')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('09:30 UTC+5:30')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('21:00 GMT-07:00')).toBe('2024-09-11T04:00:00.000Z');
  });

  it('reads PT, the zone of published timelines, as Pacific wall time', () => {
    expect(parsed('21:00 PT')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('20:00 PT', '2024-01-31T06:19:00Z')).toBe('2024-01-31T04:00:00.000Z');
  });

  it('counts the most recent day in the zone the time is read in', () => {
    // 13:30 on 11 September in Tokyo: 10:00 JST is this morning there, 01:00 UTC.
    expect(parsed('10:00 JST')).toBe('2024-09-11T01:00:00.000Z');
    // 21:30 on 10 September in PDT: 22:00 PDT has not come yet, so it is the 9th.
    expect(parsed('22:00 PDT', now, 'Asia/Tokyo')).toBe('2024-09-10T05:00:00.000Z');
  });

  it('follows the spring change in Europe/Paris (31 March 2024, 02:00 CET → 03:00 CEST)', () => {
    const morning = '2024-03-31T08:00:00Z';
    expect(parsed('01:30', morning, 'Europe/Paris')).toBe('2024-03-31T00:30:00.000Z');
    expect(parsed('03:30', morning, 'Europe/Paris')).toBe('2024-03-31T01:30:00.000Z');
    expect(parsed('02:30', morning, 'Europe/Paris')).toBe(
      'error: 02:30 did not exist in Europe/Paris on 2024-03-31 (the clocks skipped it)',
    );
    // At 01:30 CET the skipped 02:30 is still ahead: yesterday's 02:30 is meant.
    expect(parsed('02:30', '2024-03-31T00:30:00Z', 'Europe/Paris')).toBe('2024-03-30T01:30:00.000Z');
  });

  it('follows the autumn change in America/Los_Angeles (3 November 2024, 02:00 PDT → 01:00 PST)', () => {
    // 01:30 happened twice: 08:30 UTC (PDT) and 09:30 UTC (PST). The latest that is not in the future wins.
    expect(parsed('01:30', '2024-11-03T10:00:00Z', 'America/Los_Angeles')).toBe('2024-11-03T09:30:00.000Z');
    expect(parsed('01:30', '2024-11-03T09:10:00Z', 'America/Los_Angeles')).toBe('2024-11-03T08:30:00.000Z');
    expect(parsed('00:30', '2024-11-03T10:00:00Z', 'America/Los_Angeles')).toBe('2024-11-03T07:30:00.000Z');
    expect(parsed('03:00', '2024-11-03T12:00:00Z', 'America/Los_Angeles')).toBe('2024-11-03T11:00:00.000Z');
  });

  it('refuses ambiguous and unknown zones, naming them', () => {
    expect(parsed('10:00 Mars/Base')).toBe(
      'error: `Mars/Base` is not a time zone (try UTC, an abbreviation like CET or PDT, or a name like Europe/Paris)',
    );
    expect(parsed('10:00 XYZ')).toBe(
      'error: `XYZ` is not a time zone (try UTC, an abbreviation like CET or PDT, or a name like Europe/Paris)',
    );
    expect(parsed('10:00 IST')).toBe(
      'error: `IST` is ambiguous (India, Ireland or Israel): write Asia/Kolkata, Europe/Dublin or ' +
        'Asia/Jerusalem, or an offset like UTC+5:30',
    );
    // Intl knows "Japan", but a zone without a slash must be one of the listed abbreviations.
    expect(parsed('10:00 Japan')).toMatch(/^error: `Japan` is not a time zone/);
    expect(parsed('10:00 UTC+15')).toMatch(/^error: `UTC\+15` is not a time zone/);
  });

  it('refuses times in the future and things that are not times', () => {
    expect(parsed('2024-09-11T05:00Z')).toBe('error: 2024-09-11 05:00 UTC is in the future');
    expect(parsed('25:00')).toBe('error: `25:00` is not a time of day');
    expect(parsed('yesterday')).toBe(
      'error: `yesterday` is not a time: use ISO 8601 (2024-09-11T01:20Z) or HH:MM [zone]',
    );
    expect(parsed('2024-09-11T01:20Z Europe/Paris')).toBe('error: a zone may only follow an `HH:MM` time');
    expect(parsed('10:00 CET today')).toBe('error: `10:00 CET today` is not a time');
  });

  it('says the time understood in UTC and in the typist’s zone', () => {
    const result = parseTimeArgument('04:33', new Date('2024-01-15T03:43:00Z'), 'Europe/Paris');
    expect(result).toEqual({
      ok: true,
      date: new Date('2024-01-15T03:33:00Z'),
      understood: '15 Jan 2024 03:33 UTC (04:33 Europe/Paris)',
    });
    const cet = parseTimeArgument('01:20 CET', now, 'America/Los_Angeles');
    expect(cet.ok && cet.understood).toBe('11 Sep 2024 00:20 UTC (10 Sep 17:20 America/Los_Angeles)');
    expect(formatUnderstoodTime(new Date('2024-09-11T00:20:00Z'))).toBe('11 Sep 2024 00:20 UTC');
    expect(formatUnderstoodTime(new Date('2024-09-11T00:20:00Z'), 'Etc/UTC')).toBe('11 Sep 2024 00:20 UTC');
  });
});

describe('zone words', () => {
  it('reads abbreviations as fixed offsets and IANA names as wall time', () => {
    const offsetOf = (word: string, at: string) => {
      const zone = readZone(word);
      return zone.ok ? zone.zone.offset(Date.parse(at)) : zone.problem;
    };
    expect(offsetOf('CET', '2024-07-01T00:00Z')).toBe(60);
    expect(offsetOf('Europe/Paris', '2024-07-01T00:00Z')).toBe(120);
    expect(offsetOf('cst', '2024-07-01T00:00Z')).toBe(-360);
    expect(offsetOf('AST', '2024-07-01T00:00Z')).toBe(
      '`AST` is ambiguous (Atlantic or Arabia): write America/Halifax or Asia/Riyadh, or an offset like UTC+5:30',
    );
  });

  it('takes only zone-like words after a time in a command, so text is not swallowed', () => {
    for (const word of ['CET', 'UTC', 'utc', 'Z', 'IST', 'PT', 'Europe/Paris', 'Mars/Base', 'UTC+2']) {
      expect(looksLikeZone(word), word).toBe(true);
    }
    for (const word of ['cet', 'est', 'Cet', 'DNS', 'XYZ', 'and/or', 'rolled', 'API']) {
      expect(looksLikeZone(word), word).toBe(false);
    }
  });
});

describe('due dates', () => {
  it('reads a duration from when the item is recorded, up to weeks', () => {
    const from = new Date('2024-09-11T04:30:00Z');
    const due = (text: string) => {
      const result = parseDueArgument(text);
      return result.ok ? resolveDue(result.due, from).toISOString() : `error: ${result.problem}`;
    };
    expect(due('3d')).toBe('2024-09-14T04:30:00.000Z');
    expect(due('2w')).toBe('2024-09-25T04:30:00.000Z');
    expect(due('90s')).toBe('2024-09-11T04:31:30.000Z');
    expect(due('soon')).toBe('error: `soon` is not a due date: write a duration such as 3d or 2w, or a day such as 2026-12-15');
    expect(due('2024-02-30')).toBe('error: `2024-02-30` is not a due date: write a duration such as 3d or 2w, or a day such as 2026-12-15');
  });

  it('reads a day as due by its end in the typist’s zone, UTC when unknown, daylight saving included', () => {
    const day = parseDueArgument('2026-12-15');
    expect(day).toEqual({ ok: true, due: { kind: 'on', day: '2026-12-15' } });
    const due = (day as { due: Parameters<typeof resolveDue>[0] }).due;
    expect(resolveDue(due, now, 'Europe/Paris').toISOString()).toBe('2026-12-15T22:59:59.999Z');
    expect(resolveDue(due, now, 'America/Los_Angeles').toISOString()).toBe('2026-12-16T07:59:59.999Z');
    expect(resolveDue(due, now).toISOString()).toBe('2026-12-15T23:59:59.999Z');
    const summer = parseDueArgument('2026-07-01');
    expect(resolveDue((summer as { due: Parameters<typeof resolveDue>[0] }).due, now, 'Europe/Paris').toISOString()).toBe('2026-07-01T21:59:59.999Z');
  });

  it('names the day an instant falls on in a zone, as a date picker shows it', () => {
    expect(dayIn(new Date('2026-12-15T23:30:00Z'), 'Europe/Paris')).toBe('2026-12-16');
    expect(dayIn(new Date('2026-12-15T23:30:00Z'))).toBe('2026-12-15');
  });
});

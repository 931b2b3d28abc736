import { describe, expect, it } from 'vitest';
import { createDateFormatter, formatDuration } from '../../src/i18n/format.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatDuration', () => {
  it('writes hours and minutes as each locale abbreviates them, French with no-break spaces', () => {
    const ms = 2 * HOUR + 23 * MIN;
    expect(formatDuration(ms, 'en')).toBe('2 h 23 min');
    expect(formatDuration(ms, 'fr')).toBe('2\u00a0h\u00a023\u00a0min');
    expect(formatDuration(ms, 'de')).toBe('2 Std. 23 Min.');
    expect(formatDuration(ms, 'it')).toBe('2 h 23 min');
  });

  it('pads the minutes after hours to two digits', () => {
    expect(formatDuration(HOUR + 9 * MIN, 'en')).toBe('1 h 09 min');
    expect(formatDuration(5 * HOUR + 2 * MIN, 'de')).toBe('5 Std. 02 Min.');
    expect(formatDuration(9 * MIN, 'it')).toBe('9 min');
  });

  it('leaves out zero units', () => {
    expect(formatDuration(3 * HOUR, 'en')).toBe('3 h');
    expect(formatDuration(45 * MIN, 'de')).toBe('45 Min.');
    expect(formatDuration(DAY + 5 * MIN, 'en')).toBe('1 d 5 min');
  });

  it('writes days in the same abbreviated style as hours and minutes', () => {
    expect(formatDuration(3 * DAY + 6 * HOUR + 27 * MIN, 'en')).toBe('3 d 6 h 27 min');
    expect(formatDuration(DAY + 2 * HOUR, 'en')).toBe('1 d 2 h');
    expect(formatDuration(2 * DAY + HOUR, 'fr')).toBe('2\u00a0j\u00a01\u00a0h');
    expect(formatDuration(DAY + 30 * MIN, 'de')).toBe('1 Tg. 30 Min.');
    expect(formatDuration(2 * DAY + 3 * HOUR, 'de')).toBe('2 Tg. 3 Std.');
    expect(formatDuration(4 * DAY, 'it')).toBe('4 g');
  });

  it('rounds to the nearest minute, says seconds under a minute, and zero in minutes', () => {
    expect(formatDuration(2 * HOUR + 26 * MIN + 31_000, 'en')).toBe('2 h 27 min');
    expect(formatDuration(59 * MIN + 50_000, 'en')).toBe('1 h');
    expect(formatDuration(45_000, 'en')).toBe('45 s');
    expect(formatDuration(45_000, 'de')).toBe('45 Sek.');
    expect(formatDuration(0, 'fr')).toBe('0\u00a0min');
  });

  it('keeps the sign of a negative duration for callers that show it', () => {
    expect(formatDuration(-5 * MIN, 'en')).toBe('−5 min');
  });
});

describe('createDateFormatter', () => {
  it('writes the date in the locale’s words, time as HH:mm, and the zone', () => {
    const moment = new Date('2024-01-31T06:19:00Z');
    expect(createDateFormatter('en').stamp(moment, 'UTC')).toBe('31 January 2024 06:19 UTC');
    expect(createDateFormatter('fr').stamp(moment, 'UTC')).toBe('31 janvier 2024 06:19 UTC');
    expect(createDateFormatter('de').stamp(moment, 'UTC')).toBe('31. Januar 2024 06:19 UTC');
    expect(createDateFormatter('it').stamp(moment, 'UTC')).toBe('31 gennaio 2024 06:19 UTC');
  });

  it('moves to the previous day in the Pacific zone and knows standard from daylight time', () => {
    const dates = createDateFormatter('en');
    expect(dates.stamp(new Date('2024-01-31T06:19:00Z'), 'America/Los_Angeles')).toBe(
      '30 January 2024 22:19 PST',
    );
    expect(dates.stamp(new Date('2024-09-11T04:09:00Z'), 'America/Los_Angeles')).toBe(
      '10 September 2024 21:09 PDT',
    );
  });

  it('switches abbreviation at the exact DST change (10 March 2024, 02:00 PST = 10:00 UTC)', () => {
    const dates = createDateFormatter('en');
    expect(dates.stamp(new Date('2024-03-10T09:59:00Z'), 'America/Los_Angeles')).toBe(
      '10 March 2024 01:59 PST',
    );
    expect(dates.stamp(new Date('2024-03-10T10:00:00Z'), 'America/Los_Angeles')).toBe(
      '10 March 2024 03:00 PDT',
    );
  });

  it('uses British abbreviations where US English has none, else the GMT offset', () => {
    const dates = createDateFormatter('en');
    expect(dates.words(new Date('2024-01-31T06:19:00Z'), 'Europe/Paris').zone).toBe('CET');
    expect(dates.words(new Date('2024-07-31T06:19:00Z'), 'Europe/London').zone).toBe('BST');
    expect(dates.words(new Date('2024-07-31T06:19:00Z'), 'Asia/Tokyo').zone).toBe('GMT+9');
  });

  it('writes the first of the month as French and Italian do', () => {
    const moment = new Date('2025-02-01T10:00:00Z');
    expect(createDateFormatter('fr').words(moment, 'UTC').date).toEqual({ text: '1er février 2025', day: 1 });
    expect(createDateFormatter('it').words(moment, 'UTC').date).toEqual({ text: '1º febbraio 2025', day: 1 });
  });

  it('names the second zone generically (PT, CET) or in the locale’s long words, as Node’s ICU writes them', () => {
    const winter = new Date('2024-01-31T06:19:00Z');
    const summer = new Date('2024-09-11T01:20:00Z');
    const generic = createDateFormatter('fr', 'generic');
    expect(generic.stamp(winter, 'America/Los_Angeles', 'time')).toBe('22:19 PT');
    expect(generic.stamp(summer, 'America/Los_Angeles')).toBe('10 septembre 2024 18:20 PT');
    expect(generic.words(winter, 'Europe/Paris').zone).toBe('CET');
    expect(generic.words(winter, 'Asia/Tokyo').zone).toBe('GMT+9');
    expect(generic.stamp(winter, 'UTC', 'time')).toBe('06:19 UTC');

    expect(createDateFormatter('en', 'long').stamp(summer, 'America/Los_Angeles', 'time')).toBe(
      '18:20 (Pacific Time)',
    );
    expect(createDateFormatter('fr', 'long').stamp(summer, 'America/Los_Angeles')).toBe(
      '10 septembre 2024 18:20 (heure du Pacifique nord-américain)',
    );
    expect(createDateFormatter('de', 'long').words(summer, 'America/Los_Angeles').zone).toBe(
      'Nordamerikanische Westküstenzeit',
    );
    expect(createDateFormatter('it', 'long').words(winter, 'Europe/Rome').zone).toBe(
      'Ora dell’Europa centrale',
    );
    expect(createDateFormatter('fr', 'long').stamp(summer, 'UTC', 'time')).toBe('01:20 UTC');
  });

  it('refuses a zone it does not know', () => {
    expect(() => createDateFormatter('en').stamp(new Date(), 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});

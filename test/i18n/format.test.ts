import { describe, expect, it } from 'vitest';
import { createDateFormatter, formatDuration } from '../../src/i18n/format.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatDuration', () => {
  it('writes hours and minutes as each locale abbreviates them', () => {
    const ms = 2 * HOUR + 23 * MIN;
    expect(formatDuration(ms, 'en')).toBe('2 h 23 min');
    expect(formatDuration(ms, 'fr')).toBe('2 h 23 min');
    expect(formatDuration(ms, 'de')).toBe('2 Std. 23 Min.');
    expect(formatDuration(ms, 'it')).toBe('2 h 23 min');
  });

  it('leaves out zero units', () => {
    expect(formatDuration(3 * HOUR, 'en')).toBe('3 h');
    expect(formatDuration(45 * MIN, 'de')).toBe('45 Min.');
    expect(formatDuration(DAY + 5 * MIN, 'en')).toBe('1 day 5 min');
  });

  it('spells days out, singular and plural', () => {
    expect(formatDuration(DAY + 2 * HOUR, 'en')).toBe('1 day 2 h');
    expect(formatDuration(3 * DAY, 'en')).toBe('3 days');
    expect(formatDuration(DAY, 'fr')).toBe('1 jour');
    expect(formatDuration(2 * DAY + HOUR, 'fr')).toBe('2 jours 1 h');
    expect(formatDuration(DAY + 30 * MIN, 'de')).toBe('1 Tag 30 Min.');
    expect(formatDuration(2 * DAY, 'de')).toBe('2 Tage');
    expect(formatDuration(DAY, 'it')).toBe('1 giorno');
    expect(formatDuration(4 * DAY, 'it')).toBe('4 giorni');
  });

  it('rounds to the nearest minute, and says seconds under a minute', () => {
    expect(formatDuration(2 * HOUR + 26 * MIN + 31_000, 'en')).toBe('2 h 27 min');
    expect(formatDuration(59 * MIN + 50_000, 'en')).toBe('1 h');
    expect(formatDuration(45_000, 'en')).toBe('45 s');
    expect(formatDuration(45_000, 'de')).toBe('45 Sek.');
    expect(formatDuration(0, 'fr')).toBe('0 s');
  });

  it('keeps the sign of a negative duration (an inconsistency worth seeing)', () => {
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
    expect(createDateFormatter('it').words(moment, 'UTC').date).toEqual({ text: '1° febbraio 2025', day: 1 });
  });

  it('refuses a zone it does not know', () => {
    expect(() => createDateFormatter('en').stamp(new Date(), 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseTimeArgument } from '../../src/time/time-argument.js';

const now = new Date('2024-09-11T04:30:00Z');

function parsed(text: string): string {
  const result = parseTimeArgument(text, now);
  return result.ok ? result.date.toISOString() : `error: ${result.problem}`;
}

describe('TIME arguments', () => {
  it('reads ISO 8601, with UTC assumed when no offset is given', () => {
    expect(parsed('2024-09-11T01:20Z')).toBe('2024-09-11T01:20:00.000Z');
    expect(parsed('2024-09-10T20:57:00-07:00')).toBe('2024-09-11T03:57:00.000Z');
    expect(parsed('2024-09-10T22:57')).toBe('2024-09-10T22:57:00.000Z');
  });

  it('reads HH:MM in UTC on the most recent day that is not in the future', () => {
    expect(parsed('01:20')).toBe('2024-09-11T01:20:00.000Z');
    expect(parsed('22:57')).toBe('2024-09-10T22:57:00.000Z');
    expect(parsed('22:57 UTC')).toBe('2024-09-10T22:57:00.000Z');
  });

  it('reads HH:MM in a named zone, daylight saving included', () => {
    // 21:00 in Los Angeles on 10 September is PDT (UTC-7).
    expect(parsed('21:00 America/Los_Angeles')).toBe('2024-09-11T04:00:00.000Z');
    expect(parsed('06:00 Europe/Paris')).toBe('2024-09-11T04:00:00.000Z');
  });

  it('refuses times in the future and things that are not times', () => {
    expect(parsed('2024-09-11T05:00Z')).toBe('error: 2024-09-11 05:00 UTC is in the future');
    expect(parsed('25:00')).toMatch(/not a time of day/);
    expect(parsed('yesterday')).toMatch(/not a time/);
    expect(parsed('10:00 Mars/Base')).toMatch(/not a time zone/);
    expect(parsed('2024-09-11T01:20Z Europe/Paris')).toMatch(/zone may only follow/);
  });
});

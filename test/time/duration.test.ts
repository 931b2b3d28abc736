import { describe, expect, it } from 'vitest';
import { formatDurationShort, parseDuration } from '../../src/time/duration.js';

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['1H5M', 3_900_000],
    ['2w', 1_209_600_000],
    ['1w3d', 864_000_000],
    ['1w12h', 648_000_000],
  ])('reads %s', (text, millis) => expect(parseDuration(text)).toBe(millis));

  it.each(['', '0m', '30', 'm', '1.5h', '30 m', '1m1h', '-5m', 'soon', '3d1w', '1w 3d', '0w', '2 weeks'])(
    'refuses %j',
    (text) => expect(parseDuration(text)).toBeUndefined(),
  );

  it('writes durations back compactly', () => {
    expect(formatDurationShort(5_400_000)).toBe('1h30m');
    expect(formatDurationShort(45_000)).toBe('45s');
    expect(formatDurationShort(0)).toBe('0s');
  });
});

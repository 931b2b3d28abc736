import { Duration } from 'luxon';

const DURATION_PATTERN = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Parses `90s`, `30m`, `1h`, `1h30m`, `2d`, `1w3d` into milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim().toLowerCase());
  if (!match || match.slice(1).every((part) => part === undefined)) return undefined;
  const [, weeks, days, hours, minutes, seconds] = match.map((part) =>
    part === undefined ? 0 : Number(part),
  );
  const millis = Duration.fromObject({ weeks, days, hours, minutes, seconds }).toMillis();
  return millis > 0 ? millis : undefined;
}

/** Writes milliseconds back in the compact form users type (`1h30m`, `45s`). */
export function formatDurationShort(millis: number): string {
  const parts = Duration.fromMillis(Math.max(0, Math.round(millis / 1000) * 1000))
    .shiftTo('days', 'hours', 'minutes', 'seconds')
    .toObject();
  const text = (['days', 'hours', 'minutes', 'seconds'] as const)
    .filter((unit) => (parts[unit] ?? 0) > 0)
    .map((unit) => `${parts[unit]}${unit[0]}`)
    .join('');
  return text || '0s';
}

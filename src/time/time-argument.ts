import { DateTime, IANAZone } from 'luxon';

/** How far ahead of the server clock a typed time may be before it counts as "in the future". */
const CLOCK_SKEW_MS = 60_000;

export type TimeArgumentResult = { ok: true; date: Date } | { ok: false; problem: string };

/** True when the word is a zone that may follow `HH:MM` (an IANA name or UTC/Z). */
export function isZoneWord(word: string): boolean {
  return /^(utc|z|gmt)$/i.test(word) || (word.includes('/') && IANAZone.isValidZone(word));
}

/**
 * Parses the TIME forms of the spec: ISO 8601 (`2024-09-11T01:20Z`; no offset means UTC), or `HH:MM`
 * in UTC on the most recent day that is not in the future, optionally followed by a zone.
 */
export function parseTimeArgument(text: string, now: Date): TimeArgumentResult {
  const [clock, zoneWord, ...rest] = text.trim().split(/\s+/);
  if (!clock || rest.length > 0) return { ok: false, problem: `\`${text}\` is not a time` };
  const zone = zoneWord === undefined || /^(utc|z|gmt)$/i.test(zoneWord) ? 'UTC' : zoneWord;
  if (zoneWord !== undefined && !isZoneWord(zoneWord)) {
    return { ok: false, problem: `\`${zoneWord}\` is not a time zone (try UTC or a name like Europe/Paris)` };
  }

  const hhmm = /^(\d{1,2}):(\d{2})$/.exec(clock);
  let moment: DateTime;
  if (hhmm) {
    const [hour, minute] = [Number(hhmm[1]), Number(hhmm[2])];
    if (hour > 23 || minute > 59) return { ok: false, problem: `\`${clock}\` is not a time of day` };
    const reference = DateTime.fromJSDate(now, { zone });
    moment = reference.set({ hour, minute, second: 0, millisecond: 0 });
    if (moment.toMillis() > now.getTime() + CLOCK_SKEW_MS) moment = moment.minus({ days: 1 });
  } else {
    if (zoneWord !== undefined) return { ok: false, problem: 'a zone may only follow an `HH:MM` time' };
    moment = DateTime.fromISO(clock, { zone: 'UTC', setZone: true });
    if (!moment.isValid || !/^\d{4}-\d{2}-\d{2}T\d{1,2}:\d{2}/.test(clock)) {
      return { ok: false, problem: `\`${clock}\` is not a time: use ISO 8601 (2024-09-11T01:20Z) or HH:MM [zone]` };
    }
  }
  if (moment.toMillis() > now.getTime() + CLOCK_SKEW_MS) {
    return { ok: false, problem: `${moment.toUTC().toFormat("yyyy-LL-dd HH:mm 'UTC'")} is in the future` };
  }
  return { ok: true, date: moment.toJSDate() };
}

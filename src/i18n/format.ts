import { DateTime, Duration, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import type { Locale } from '../config.js';
import { getMessages, type DayDate } from './catalog.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// Every zone transition since the 1970s falls on a quarter hour, so one offset lookup serves a whole quarter.
const QUARTER_MS = 15 * MINUTE_MS;

const pluralRules = new Map<Locale, Intl.PluralRules>();

/**
 * Writes a duration as the locale does (`2 h 23 min`, `2 Std. 23 Min.`, `1 day 3 h`), to the nearest minute,
 * or in seconds when under a minute. Intl's unit formats are not used: English would say `2 hr` and German
 * would put commas between units.
 */
export function formatDuration(ms: number, locale: Locale): string {
  const units = getMessages(locale).durationUnits;
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  if (Math.round(abs / 1000) < 60) return `${sign}${Math.round(abs / 1000)} ${units.second}`;

  const {
    days = 0,
    hours = 0,
    minutes = 0,
  } = Duration.fromMillis(Math.round(abs / MINUTE_MS) * MINUTE_MS)
    .shiftTo('days', 'hours', 'minutes')
    .toObject();
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} ${rules.select(days) === 'one' ? units.day.one : units.day.other}`);
  if (hours > 0) parts.push(`${hours} ${units.hour}`);
  if (minutes > 0) parts.push(`${minutes} ${units.minute}`);
  return sign + parts.join(' ');
}

/** One moment as the draft writes it in one zone. */
export interface MomentWords {
  date: DayDate;
  /** `HH:mm` */
  time: string;
  /** `UTC`, `PST`, `CET`, or `GMT+9` where the zone has no common abbreviation. */
  zone: string;
}

/** Formats moments in a locale, memoizing per zone so thousands of timeline entries stay cheap. */
export interface DateFormatter {
  /** Date, time and zone abbreviation of a moment in the zone (`UTC` or an IANA name). */
  words(at: Date, zone: string): MomentWords;
  /** `31 January 2024 06:19 UTC` */
  stamp(at: Date, zone: string): string;
}

interface ZoneMemo {
  zone: Zone;
  offsets: Map<number, number>;
  dates: Map<number, DayDate>;
  names: Map<number, string>;
}

/** Creates a formatter for one render; throws on a zone luxon does not know. */
export function createDateFormatter(locale: Locale): DateFormatter {
  const messages = getMessages(locale);
  const memos = new Map<string, ZoneMemo>();

  const memoFor = (name: string): ZoneMemo => {
    let memo = memos.get(name);
    if (!memo) {
      const zone = name === 'UTC' ? FixedOffsetZone.utcInstance : IANAZone.create(name);
      if (!zone.isValid) throw new RangeError(`unknown time zone: ${name}`);
      memo = { zone, offsets: new Map(), dates: new Map(), names: new Map() };
      memos.set(name, memo);
    }
    return memo;
  };

  const words = (at: Date, zoneName: string): MomentWords => {
    const memo = memoFor(zoneName);
    const ms = at.getTime();
    const quarter = Math.floor(ms / QUARTER_MS);
    let offset = memo.offsets.get(quarter);
    if (offset === undefined) memo.offsets.set(quarter, (offset = memo.zone.offset(quarter * QUARTER_MS)));
    const local = ms + offset * MINUTE_MS;
    const dayKey = Math.floor(local / DAY_MS);
    const minuteKey = Math.floor(local / MINUTE_MS) - dayKey * 1440;

    // The wall-clock time follows from luxon's offset; formatting it through luxon for every entry costs more
    // than the rest of the draft.
    const time = `${pad(Math.floor(minuteKey / 60))}:${pad(minuteKey % 60)}`;
    let date = memo.dates.get(dayKey);
    let zone = memo.names.get(offset);
    if (!date || !zone) {
      const moment = DateTime.fromMillis(ms, { zone: memo.zone });
      if (!date) {
        const text = moment.setLocale(messages.dateLocale).toLocaleString(DateTime.DATE_FULL);
        memo.dates.set(dayKey, (date = { text: messages.fixDate(text, moment.day), day: moment.day }));
      }
      if (!zone) memo.names.set(offset, (zone = zoneAbbreviation(moment, zoneName)));
    }
    return { date, time, zone };
  };

  return {
    words,
    stamp: (at, zoneName) => {
      const { date, time, zone } = words(at, zoneName);
      return `${date.text} ${time} ${zone}`;
    },
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `PST`/`PDT` from US English, `CET`/`BST` from British English, else the `GMT+9` both fall back to. */
function zoneAbbreviation(moment: DateTime, zoneName: string): string {
  if (zoneName === 'UTC') return 'UTC';
  const american = moment.setLocale('en-US').toFormat('ZZZZ');
  if (!/^(GMT|UTC)[+\-−]/.test(american)) return american;
  const british = moment.setLocale('en-GB').toFormat('ZZZZ');
  return /^(GMT|UTC)[+\-−]/.test(british) ? american : british;
}

import { DateTime, Duration, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import type { Locale } from '../config.js';
import { getMessages, type DayDate } from './catalog.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// Every zone transition since the 1970s falls on a quarter hour, so one offset lookup serves a whole quarter.
const QUARTER_MS = 15 * MINUTE_MS;

/**
 * Writes a duration in the locale's one style (`2 h 23 min`, `3 d 6 h 27 min`, `2 Std. 05 Min.`), to the nearest
 * minute, minutes zero-padded after hours, or in seconds when under a minute. Intl's unit formats are not used:
 * English would say `2 hr` and German would put commas between units.
 */
export function formatDuration(ms: number, locale: Locale): string {
  const { day, hour, minute, second, joiner } = getMessages(locale).durationUnits;
  const unit = (value: number | string, name: string) => `${value}${joiner}${name}`;
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  // Whole minutes read as minutes, zero included: the figures compare minute-stamped times.
  if (abs === 0) return unit(0, minute);
  if (Math.round(abs / 1000) < 60) return sign + unit(Math.round(abs / 1000), second);

  const {
    days = 0,
    hours = 0,
    minutes = 0,
  } = Duration.fromMillis(Math.round(abs / MINUTE_MS) * MINUTE_MS)
    .shiftTo('days', 'hours', 'minutes')
    .toObject();
  const parts: string[] = [];
  if (days > 0) parts.push(unit(days, day));
  if (hours > 0) parts.push(unit(hours, hour));
  if (minutes > 0) parts.push(unit(hours > 0 ? pad(minutes) : minutes, minute));
  return sign + parts.join(joiner);
}

/** How the second zone is named: `PST`/`PDT`, `PT`, or the locale's long name ("heure du Pacifique nord-américain"). */
export type ZoneLabel = 'abbreviation' | 'generic' | 'long';

/** A stamp with the date (`31 January 2024 06:19 UTC`) or the time alone (`06:19 UTC`). */
export type StampForm = 'full' | 'time';

/** One moment as the draft writes it in one zone. */
export interface MomentWords {
  date: DayDate;
  /** `HH:mm` */
  time: string;
  /** The zone's label: `UTC`, `PST`, `PT`, `CET`, `GMT+9`, or a long name such as `Pacific Time`. */
  zone: string;
}

/** Formats moments in a locale, memoizing per zone so thousands of timeline entries stay cheap. */
export interface DateFormatter {
  /** Date, time and zone label of a moment in the zone (`UTC` or an IANA name). */
  words(at: Date, zone: string): MomentWords;
  /** `31 January 2024 06:19 UTC`, or `06:19 UTC` in the `time` form; a long zone name goes in parentheses. */
  stamp(at: Date, zone: string, form?: StampForm): string;
}

interface ZoneMemo {
  zone: Zone;
  offsets: Map<number, number>;
  dates: Map<number, DayDate>;
  names: Map<number, string>;
}

/** Creates a formatter for one render; throws on a zone luxon does not know. */
export function createDateFormatter(locale: Locale, zoneLabel: ZoneLabel = 'abbreviation'): DateFormatter {
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
      if (!zone) memo.names.set(offset, (zone = labelZone(moment, zoneName, zoneLabel, messages.dateLocale)));
    }
    return { date, time, zone };
  };

  return {
    words,
    stamp: (at, zoneName, form = 'full') => {
      const { date, time, zone } = words(at, zoneName);
      const label = zoneLabel === 'long' && zoneName !== 'UTC' ? `(${zone})` : zone;
      return form === 'time' ? `${time} ${label}` : `${date.text} ${time} ${label}`;
    },
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

const OFFSET_NAME = /^(GMT|UTC)[+\-−]/;
const ABBREVIATION = /^[A-Z]{2,5}$/;

/** The zone's label in the chosen style; `UTC` is always `UTC`. */
function labelZone(moment: DateTime, zoneName: string, style: ZoneLabel, dateLocale: string): string {
  if (zoneName === 'UTC') return 'UTC';
  if (style === 'long') return intlZoneName(moment, dateLocale, 'longGeneric');
  if (style === 'generic') {
    // The generic abbreviations (`PT`) exist in US English; British English has the European ones (`CET`).
    for (const english of ['en-US', 'en-GB']) {
      const name = intlZoneName(moment, english, 'shortGeneric');
      if (ABBREVIATION.test(name)) return name;
    }
  }
  return zoneAbbreviation(moment);
}

/** `PST`/`PDT` from US English, `CET`/`BST` from British English, else the `GMT+9` both fall back to. */
function zoneAbbreviation(moment: DateTime): string {
  const american = moment.setLocale('en-US').toFormat('ZZZZ');
  if (!OFFSET_NAME.test(american)) return american;
  const british = moment.setLocale('en-GB').toFormat('ZZZZ');
  return OFFSET_NAME.test(british) ? american : british;
}

/** The zone's name as Intl writes it in a locale, in one of the styles luxon does not offer. */
function intlZoneName(
  moment: DateTime,
  locale: string,
  timeZoneName: 'shortGeneric' | 'longGeneric',
): string {
  const format = new Intl.DateTimeFormat(locale, { timeZone: moment.zoneName ?? 'UTC', timeZoneName });
  return format.formatToParts(moment.toJSDate()).find((part) => part.type === 'timeZoneName')?.value ?? '';
}

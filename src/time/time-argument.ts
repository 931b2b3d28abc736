import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import { parseDuration } from './duration.js';

/** How far ahead of the server clock a typed time may be before it counts as "in the future". */
const CLOCK_SKEW_MS = 60_000;

/**
 * Zone abbreviations people type after a time, as the fixed offset (minutes east of UTC) each one names.
 * "CET" typed in July means +01:00, not Paris wall time: the abbreviation is the offset the person wrote,
 * and the confirmation shows the time in UTC and in their own zone, so a Parisian who meant CEST sees it.
 * Reading it as Europe/Paris would instead silently move a correctly typed winter-offset time by an hour.
 * CST is US Central here (not China or Cuba): that is how the bot's users write it.
 */
const FIXED_OFFSET_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0,
  Z: 0,
  GMT: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  JST: 540,
  AEST: 600,
  AEDT: 660,
  HST: -600,
  PST: -480,
  PDT: -420,
  MST: -420,
  MDT: -360,
  CST: -360,
  CDT: -300,
  EST: -300,
  EDT: -240,
};

/** US zone names without S/D name the wall time ("22:19 PT" in published timelines), so they follow DST. */
const WALL_TIME_ABBREVIATIONS: Readonly<Record<string, string>> = {
  PT: 'America/Los_Angeles',
  MT: 'America/Denver',
  CT: 'America/Chicago',
  ET: 'America/New_York',
};

/** Abbreviations that name several zones: guessing would store the wrong instant, so they are refused. */
const AMBIGUOUS_ABBREVIATIONS: Readonly<Record<string, { zones: string; names: string }>> = {
  IST: { zones: 'India, Ireland or Israel', names: 'Asia/Kolkata, Europe/Dublin or Asia/Jerusalem' },
  AST: { zones: 'Atlantic or Arabia', names: 'America/Halifax or Asia/Riyadh' },
};

const OFFSET_PATTERN = /^(?:utc|gmt)([+-−])(\d{1,2})(?::?(\d{2}))?$/i;
const AREA_CITY_SHAPE = /^[A-Z][A-Za-z_-]*(?:\/[A-Za-z0-9_+-]+)+$/;

export type ZoneResult = { ok: true; zone: Zone } | { ok: false; problem: string };

export type TimeArgumentResult =
  { ok: true; date: Date; understood: string } | { ok: false; problem: string };

/**
 * Reads a zone as typed after a time: an IANA name (`Europe/Paris`), UTC/GMT/Z, an offset (`UTC+2`,
 * `GMT-07:00`) or a common abbreviation (CET, PDT, JST…; case-insensitive). Ambiguous and unknown ones
 * are refused with a problem naming them.
 */
export function readZone(word: string): ZoneResult {
  const upper = word.toUpperCase();
  const fixed = FIXED_OFFSET_ABBREVIATIONS[upper];
  if (fixed !== undefined) return { ok: true, zone: FixedOffsetZone.instance(fixed) };
  const wall = WALL_TIME_ABBREVIATIONS[upper];
  if (wall !== undefined) return { ok: true, zone: IANAZone.create(wall) };
  const ambiguous = AMBIGUOUS_ABBREVIATIONS[upper];
  if (ambiguous !== undefined) {
    return {
      ok: false,
      problem: `\`${word}\` is ambiguous (${ambiguous.zones}): write ${ambiguous.names}, or an offset like UTC+5:30`,
    };
  }
  const offset = OFFSET_PATTERN.exec(word);
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    const sign = offset[1] === '+' ? 1 : -1;
    if (minutes <= 14 * 60) return { ok: true, zone: FixedOffsetZone.instance(sign * minutes) };
  }
  // Without a slash only the abbreviations above count: Intl also knows legacy names such as "CET" or "EST"
  // with other meanings (CET follows EU daylight saving there), and words like "Japan" read as text.
  if (word.includes('/') && IANAZone.isValidZone(word)) return { ok: true, zone: IANAZone.create(word) };
  return {
    ok: false,
    problem: `\`${word}\` is not a time zone (try UTC, an abbreviation like CET or PDT, or a name like Europe/Paris)`,
  };
}

/**
 * True when a word that follows `HH:MM` in a command is meant as its zone: a valid IANA name, anything shaped
 * like `Area/City`, UTC/GMT/Z or an offset, or a known abbreviation in capitals. Other words (`DNS`, French
 * "cet", "est") are the start of the text.
 */
export function looksLikeZone(word: string): boolean {
  if (/^(?:utc|gmt|z)$/i.test(word) || OFFSET_PATTERN.test(word)) return true;
  if (word.includes('/')) return AREA_CITY_SHAPE.test(word) || IANAZone.isValidZone(word);
  return (
    word === word.toUpperCase() &&
    (word in FIXED_OFFSET_ABBREVIATIONS || word in WALL_TIME_ABBREVIATIONS || word in AMBIGUOUS_ABBREVIATIONS)
  );
}

/**
 * Parses the TIME forms of the spec: ISO 8601 (`2024-09-11T01:20Z`, `…T20:57-07:00`; without an offset it is
 * UTC, as logs and dashboards that people copy from write it), or `HH:MM` on the most recent day that is not
 * in the future — in the zone that follows it, else in the typist's own zone (IANA, from their Slack profile;
 * UTC when unknown). "Most recent day" is counted in the zone the time is read in.
 */
export function parseTimeArgument(text: string, now: Date, typistZone?: string): TimeArgumentResult {
  const [clock, zoneWord, ...rest] = text.trim().split(/\s+/);
  if (!clock || rest.length > 0) return { ok: false, problem: `\`${text}\` is not a time` };

  const hhmm = /^(\d{1,2}):(\d{2})$/.exec(clock);
  let moment: DateTime;
  if (hhmm) {
    const [hour, minute] = [Number(hhmm[1]), Number(hhmm[2])];
    if (hour > 23 || minute > 59) return { ok: false, problem: `\`${clock}\` is not a time of day` };
    const zone: ZoneResult =
      zoneWord === undefined ? { ok: true, zone: ownZone(typistZone) } : readZone(zoneWord);
    if (!zone.ok) return zone;
    const latest = latestWallTime(zone.zone, hour, minute, now.getTime() + CLOCK_SKEW_MS);
    if (!latest.ok) return latest;
    moment = latest.moment;
  } else {
    if (zoneWord !== undefined) return { ok: false, problem: 'a zone may only follow an `HH:MM` time' };
    moment = DateTime.fromISO(clock, { zone: 'UTC', setZone: true });
    if (!moment.isValid || !/^\d{4}-\d{2}-\d{2}T\d{1,2}:\d{2}/.test(clock)) {
      return {
        ok: false,
        problem: `\`${clock}\` is not a time: use ISO 8601 (2024-09-11T01:20Z) or HH:MM [zone]`,
      };
    }
    if (moment.toMillis() > now.getTime() + CLOCK_SKEW_MS) {
      return { ok: false, problem: `${moment.toUTC().toFormat("yyyy-LL-dd HH:mm 'UTC'")} is in the future` };
    }
  }
  const date = moment.toJSDate();
  return { ok: true, date, understood: formatUnderstoodTime(date, typistZone) };
}

/**
 * The instant as the typist should check it: `11 Sep 2024 03:33 UTC (04:33 Europe/Paris)`, the date repeated
 * in their zone when it differs there; UTC alone when their zone is UTC or unknown.
 */
export function formatUnderstoodTime(date: Date, typistZone?: string): string {
  const utc = DateTime.fromJSDate(date, { zone: 'UTC' }).setLocale('en');
  const inUtc = `${utc.toFormat('d LLL yyyy HH:mm')} UTC`;
  const own = ownZone(typistZone);
  const name = canonicalName(own);
  if (name === 'UTC') return inUtc;
  const local = utc.setZone(own);
  const sameDay = local.toISODate() === utc.toISODate();
  return `${inUtc} (${local.toFormat(sameDay ? 'HH:mm' : 'd LLL HH:mm')} ${name})`;
}

/** The typist's profile zone; UTC when Slack gave none or one this runtime does not know. */
function ownZone(typistZone: string | undefined): Zone {
  if (typistZone && IANAZone.isValidZone(typistZone)) return IANAZone.create(typistZone);
  return FixedOffsetZone.utcInstance;
}

/** `Europe/Paris` as Intl spells it, also when the profile or the typist wrote `europe/paris`. */
function canonicalName(zone: Zone): string {
  if (zone.type !== 'iana') return zone.name;
  return new Intl.DateTimeFormat('en', { timeZone: zone.name }).resolvedOptions().timeZone;
}

type LatestWallTime = { ok: true; moment: DateTime } | { ok: false; problem: string };

/**
 * The latest instant not after `limitMs` whose wall clock in `zone` reads hour:minute, today or yesterday
 * there. Across a daylight-saving change a wall time may happen twice (the later one that is not in the
 * future wins) or not at all (refused, since any instant would be a guess).
 */
function latestWallTime(zone: Zone, hour: number, minute: number, limitMs: number): LatestWallTime {
  const today = DateTime.fromMillis(limitMs, { zone });
  const wallOn = (daysBack: number) =>
    Date.UTC(today.year, today.month - 1, today.day - daysBack, hour, minute);

  const todayWall = wallOn(0);
  const todayInstants = instantsOfWallTime(zone, todayWall);
  const past = todayInstants.filter((instant) => instant <= limitMs);
  if (past.length > 0) return { ok: true, moment: DateTime.fromMillis(Math.max(...past), { zone }) };
  const skippedAt = todayWall - zone.offset(todayWall - 86_400_000) * 60_000;
  if (todayInstants.length === 0 && skippedAt <= limitMs) return skipped(zone, todayWall);

  // Yesterday's wall time is always in the past.
  const yesterdayWall = wallOn(1);
  const yesterdayInstants = instantsOfWallTime(zone, yesterdayWall);
  if (yesterdayInstants.length === 0) return skipped(zone, yesterdayWall);
  return { ok: true, moment: DateTime.fromMillis(Math.max(...yesterdayInstants), { zone }) };
}

function skipped(zone: Zone, wallAsUtc: number): LatestWallTime {
  const wall = DateTime.fromMillis(wallAsUtc, { zone: 'UTC' });
  return {
    ok: false,
    problem: `${wall.toFormat('HH:mm')} did not exist in ${canonicalName(zone)} on ${wall.toFormat('yyyy-LL-dd')} (the clocks skipped it)`,
  };
}

/** Every instant at which the wall clock in `zone` reads the date and time `wallAsUtc` spells: 0, 1 or 2. */
function instantsOfWallTime(zone: Zone, wallAsUtc: number): number[] {
  const offsets = new Set([zone.offset(wallAsUtc - 86_400_000), zone.offset(wallAsUtc + 86_400_000)]);
  return [...offsets]
    .map((offset) => wallAsUtc - offset * 60_000)
    .filter((instant) => zone.offset(instant) === (wallAsUtc - instant) / 60_000);
}

/**
 * A due date as typed: a duration (`3d`, `2w`) counted from when the item is recorded, or a calendar day
 * (`2026-12-15`), due by the end of that day in the typist's own zone.
 */
export type DueArgument = { kind: 'in'; ms: number } | { kind: 'on'; day: string };

export type DueArgumentResult = { ok: true; due: DueArgument } | { ok: false; problem: string };

/** Reads a due date: a duration (`90s`, `4h`, `3d`, `2w`) or a day (`2026-12-15`). */
export function parseDueArgument(text: string): DueArgumentResult {
  const word = text.trim();
  const ms = parseDuration(word);
  if (ms !== undefined) return { ok: true, due: { kind: 'in', ms } };
  if (/^\d{4}-\d{2}-\d{2}$/.test(word) && DateTime.fromISO(word, { zone: 'UTC' }).isValid) {
    return { ok: true, due: { kind: 'on', day: word } };
  }
  return { ok: false, problem: `\`${word}\` is not a due date: write a duration such as 3d or 2w, or a day such as 2026-12-15` };
}

/**
 * The instant a due date stands for: `from` plus the duration, or the last moment of the day in the zone of the
 * person who set it (UTC when unknown), so an item due "2026-12-15" is late only once that day is over for them.
 */
export function resolveDue(due: DueArgument, from: Date, typistZone?: string): Date {
  if (due.kind === 'in') return new Date(from.getTime() + due.ms);
  return DateTime.fromISO(due.day, { zone: ownZone(typistZone) }).endOf('day').toJSDate();
}

/** The calendar day (`2026-12-15`) an instant falls on in a zone (UTC when unknown): what a date picker shows. */
export function dayIn(date: Date, zone?: string): string {
  return DateTime.fromJSDate(date, { zone: ownZone(zone) }).toISODate()!;
}

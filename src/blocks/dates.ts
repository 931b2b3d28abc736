import { DateTime } from 'luxon';
import { formatDuration } from '../i18n/format.js';

/** A time every reader sees in their own zone (Slack's date token), with a UTC fallback for old clients. */
export function slackDate(date: Date, format = '{date_short_pretty} {time}'): string {
  const fallback = DateTime.fromJSDate(date, { zone: 'UTC' }).toFormat("yyyy-LL-dd HH:mm 'UTC'");
  return `<!date^${Math.floor(date.getTime() / 1000)}^${format}|${fallback}>`;
}

/** An age or delay in the words of the bot's Slack messages (English): `2 h 5 min`, `45 min`, `30 s`. */
export function humanDuration(millis: number): string {
  return formatDuration(Math.max(0, millis), 'en');
}

import { DateTime } from 'luxon';

/** A time every reader sees in their own zone (Slack's date token), with a UTC fallback for old clients. */
export function slackDate(date: Date, format = '{date_short_pretty} {time}'): string {
  const fallback = DateTime.fromJSDate(date, { zone: 'UTC' }).toFormat("yyyy-LL-dd HH:mm 'UTC'");
  return `<!date^${Math.floor(date.getTime() / 1000)}^${format}|${fallback}>`;
}

/** A rough age or delay for people under stress: `2 h 5 min`, `45 min`, `30 s`. */
export function humanDuration(millis: number): string {
  const total = Math.max(0, Math.round(millis / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min`;
  return `${total} s`;
}

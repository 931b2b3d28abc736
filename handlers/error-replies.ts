import { randomBytes } from 'node:crypto';
import { textReply, type Reply } from '../src/blocks/reply.js';
import { slackDate } from '../src/blocks/dates.js';
import { isDatabaseUnavailable, StalePromiseError, UsageError, UserFacingError } from '../src/errors.js';
import type { Logger } from '../src/logger.js';
import type { CommandOutcome } from '../src/metrics.js';

/** What was being done when the error happened, for the log and for the reply. */
export interface ErrorSituation {
  /** The command as typed (`/incident update …`), quoted back so it can be sent again. */
  commandText?: string;
  userId?: string;
  channelId?: string;
  incidentId?: string;
}

/**
 * The one place errors become words for the person who hit them: usage and domain errors as written,
 * an unreachable database as "NOT recorded, retry", anything else as a logged failure with a reference.
 */
export function replyForError(error: unknown, situation: ErrorSituation, logger: Logger): Reply {
  if (error instanceof UsageError) {
    const usage = error.usage ? `\nUsage: \`/incident ${error.usage}\`` : '';
    return textReply(`${error.message}${usage}`);
  }
  if (error instanceof StalePromiseError) {
    const next = error.nextDueAt ? `The next update is due ${slackDate(error.nextDueAt, '{date_short_pretty} {time}')}.` : 'No update is promised now.';
    return textReply(
      `That reminder was about the update due ${slackDate(error.dueAt, '{time}')}; a newer update or snooze has replaced that promise, ` +
        `so nothing was snoozed. ${next}`,
    );
  }
  if (error instanceof UserFacingError) return textReply(error.message);
  if (isDatabaseUnavailable(error)) {
    logger.error({ err: error, ...situation }, 'database unavailable; command not recorded');
    return textReply(
      ':warning: *This was NOT recorded*: the incident database is not answering. Please send it again in a minute' +
        (situation.commandText ? ':' : '.'),
      situation.commandText,
    );
  }
  const reference = randomBytes(4).toString('hex');
  logger.error({ err: error, reference, ...situation }, 'command failed');
  return textReply(
    `:x: Something went wrong and this may not have been recorded (reference \`${reference}\`). ` +
      'Check `/incident timeline`, and send it again if it is missing' +
      (situation.commandText ? ':' : '.'),
    situation.commandText,
  );
}

/** How an error ends a command, in the words of `incident_commands_total`: the same split as the replies. */
export function errorOutcome(error: unknown): CommandOutcome {
  if (error instanceof UsageError) return 'usage_error';
  if (error instanceof UserFacingError) return 'refused';
  if (isDatabaseUnavailable(error)) return 'not_recorded';
  return 'error';
}

/** An error whose message is written for the person who ran the command, shown to them as it is. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

/** The command was malformed: the reply names the problem and the right usage. */
export class UsageError extends UserFacingError {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** Something the command refers to does not exist (an incident, an action item, a user). */
export class NotFoundError extends UserFacingError {
  override name = 'NotFoundError';
}

/** The person may not do this here. */
export class NotAuthorizedError extends UserFacingError {
  override name = 'NotAuthorizedError';
}

/** A command that needs an incident was run in a channel that has none. */
export class NotInIncidentChannelError extends UserFacingError {
  override name = 'NotInIncidentChannelError';
  constructor(command: string) {
    super(
      `\`/incident ${command}\` works in an incident channel, and this channel has no incident. ` +
        'Run it in the incident’s channel, or `/incident declare` to start one (`/incident list` shows open ones).',
    );
  }
}

/** The request conflicts with the incident's state (e.g. updating a closed incident). */
export class ConflictError extends UserFacingError {
  override name = 'ConflictError';
}

/** A snooze for a promise that is no longer the running one: an update kept it, or a snooze moved it. */
export class StalePromiseError extends ConflictError {
  override name = 'StalePromiseError';
  constructor(
    /** When the promise the snooze was for was due. */
    readonly dueAt: Date,
    /** When the running promise is due now, if one runs. */
    readonly nextDueAt: Date | undefined,
  ) {
    super('That reminder’s promise is no longer the running one, so nothing was snoozed.');
  }
}

const DATABASE_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongooseServerSelectionError',
  'MongoPoolClearedError',
]);

/** True when the error means the database could not be reached (so nothing was stored). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (DATABASE_ERROR_NAMES.has(error.name)) return true;
  // mongoose gives up on buffered operations with a plain Error when it never connects.
  return /buffering timed out|Client must be connected|connection .* closed/i.test(error.message);
}

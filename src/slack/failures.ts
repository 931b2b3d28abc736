import { ErrorCode } from '@slack/web-api';

const PLATFORM_WORDS: Record<string, string> = {
  channel_not_found: 'the channel no longer exists',
  not_in_channel: 'the bot is not in the channel',
  is_archived: 'the channel is archived',
  user_not_found: 'that person is no longer in the workspace',
  account_inactive: 'that account is deactivated',
  cannot_dm_bot: 'that account is a bot',
  invalid_blocks: 'the message was too large or malformed for Slack',
  msg_too_long: 'the message was too long for Slack',
  msg_blocks_too_long: 'the message was too long for Slack',
  missing_scope: 'the app lacks a permission (reinstall it from the manifest)',
  invalid_auth: 'the bot token is no longer valid',
  token_revoked: 'the bot token was revoked',
  ratelimited: 'Slack asked us to slow down',
};

/** Why Slack did not take a call, in words a person can act on — never Slack's raw error text. */
export function describeSlackFailure(error: unknown): string {
  const { code, data, statusCode } = (error ?? {}) as { code?: string; data?: { error?: string }; statusCode?: number };
  if (code === ErrorCode.RateLimitedError) return 'Slack asked us to slow down';
  if (code === ErrorCode.HTTPError) return statusCode && statusCode >= 500 ? 'Slack was not answering' : 'Slack refused the request';
  if (code === ErrorCode.RequestError) return 'Slack could not be reached';
  if (code === ErrorCode.PlatformError && data?.error) return PLATFORM_WORDS[data.error] ?? `Slack refused it (${data.error})`;
  return 'Slack did not take it';
}

/** True when trying again later may work (Slack busy, down or unreachable), false when it never will as things are. */
export function isTransientSlackFailure(error: unknown): boolean {
  const { code, data } = (error ?? {}) as { code?: string; data?: { error?: string } };
  if (code === ErrorCode.RateLimitedError || code === ErrorCode.HTTPError || code === ErrorCode.RequestError) return true;
  return code === ErrorCode.PlatformError && ['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable'].includes(data?.error ?? '');
}

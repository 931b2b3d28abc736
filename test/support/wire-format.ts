import { expect } from 'vitest';
import type { ApiCall, LocalSlack } from '../../src/local-slack/workspace.js';

// A broadcast or user-group token, live wherever Slack reads mrkdwn, and never meant to show in plain text.
const BROADCAST_TOKEN = /<!(?:channel|here|everyone|subteam)\b/;
// An @word Slack's automatic parsing of block text would turn into @channel, @here, @everyone or a group mention.
const BARE_BROADCAST = /(?<![\p{L}\p{N}_])@(?:channel|here|everyone|oncall|sre)(?![\p{L}\p{N}_])/u;
// An entity escaped a second time: it would show as `&amp;` in Slack.
const ESCAPED_TWICE = /&amp;(?:amp|lt|gt);/;

// Web API arguments may carry blocks and views JSON-encoded, as the client sends them.
function parsed(key: string, value: unknown): unknown {
  return (key === 'blocks' || key === 'view') && typeof value === 'string'
    ? (JSON.parse(value) as unknown)
    : value;
}

function collectMrkdwn(value: unknown, found: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectMrkdwn(item, found);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const node = value as Record<string, unknown>;
  if (node.type === 'mrkdwn' && typeof node.text === 'string') found.push(node.text);
  for (const [key, child] of Object.entries(node)) collectMrkdwn(parsed(key, child), found);
}

/** The block texts Slack reads as mrkdwn in blocks, a view or a whole payload, in order. */
export function mrkdwnTexts(value: unknown): string[] {
  const found: string[] = [];
  collectMrkdwn(parsed('blocks', value), found);
  return found;
}

/** Every text of a message, reply or view that Slack reads as mrkdwn: its top-level `text` first, then its blocks. */
function readAsMrkdwn(payload: Record<string, unknown>): string[] {
  const text = typeof payload.text === 'string' ? [payload.text] : [];
  return [...text, ...mrkdwnTexts({ ...payload, text: undefined })];
}

/**
 * Asserts that what the bot sent (Web API arguments, a reply body or a view) notifies nobody by broadcast or user
 * group — no such token anywhere, no bare `@here` where Slack reads mrkdwn — and escapes nothing twice.
 */
export function expectNoBroadcast(
  payload: Record<string, unknown>,
  options: { typedEntities?: boolean } = {},
): void {
  const whole = JSON.stringify(payload);
  expect(whole).not.toMatch(BROADCAST_TOKEN);
  for (const text of readAsMrkdwn(payload)) expect(text).not.toMatch(BARE_BROADCAST);
  if (!options.typedEntities) expect(whole).not.toMatch(ESCAPED_TWICE);
}

/** Web API calls Slack refused since `from` (an index into `slack.calls`), as `method: error` lines. */
export function refusedSince(slack: LocalSlack, from: number): string[] {
  return slack.calls
    .slice(from)
    .filter((call: ApiCall) => call.result.ok !== true)
    .map((call) => `${call.method}: ${String(call.result.error)}`);
}
